import { Caption1, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import {
  type FocusEvent,
  type KeyboardEvent,
  memo,
  type ReactNode,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { Sentiment } from "../../app/api";
import { SentimentTag, sentimentOrder } from "../../ui/sentiment";
import {
  type Audience,
  audienceLabel,
  formatKm,
  formatStrength,
  kmSortValue,
  NO_REPLIES,
  type Trend,
  trendGlyph,
  trendLabel,
} from "./format";
import { type MapPerson, waitingOnYou } from "./people";

const useStyles = makeStyles({
  scroller: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  table: {
    width: "100%",
    minWidth: "836px",
    borderCollapse: "collapse",
    tableLayout: "fixed",
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
  },
  cell: {
    height: "36px",
    padding: `0 ${tokens.spacingHorizontalS}`,
    textAlign: "start",
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
    verticalAlign: "middle",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: `calc(-1 * ${tokens.strokeWidthThick})`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  // Headers wrap rather than cut "Your reply time" short in a narrow tab.
  header: { padding: 0, fontWeight: tokens.fontWeightRegular, whiteSpace: "normal", height: "44px" },
  sortButton: {
    width: "100%",
    height: "100%",
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    padding: `0 ${tokens.spacingHorizontalS}`,
    border: "none",
    background: "none",
    color: "inherit",
    font: "inherit",
    textAlign: "start",
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: `calc(-1 * ${tokens.strokeWidthThick})`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  sorted: { fontWeight: tokens.fontWeightSemibold },
  row: {
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  shown: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  name: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  glyph: { marginRight: tokens.spacingHorizontalXS },
});

interface Column {
  id: string;
  title: string;
  /** Relative width: the table is laid out fixed, so long names never push the numbers out of view. */
  width: number;
  compare: (a: MapPerson, b: MapPerson) => number;
  render: (p: MapPerson) => ReactNode;
  /** For columns whose text may be cut short: shown whole on hover. */
  text?: (p: MapPerson) => string;
}

type SortState = { column: string; direction: "ascending" | "descending" };

const compareText = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base" });
// Sorting follows meaning, not the alphabet: your own people first, rising first.
const audienceRank: Record<Audience, number> = { staff: 0, up: 1, peers: 2, internal: 3, external: 4 };
const trendRank: Record<Trend, number> = { rising: 0, new: 1, steady: 2, fading: 3 };

function useColumns(list: "stakeholders" | "oneway", sentimentOf: (id: string) => Sentiment): Column[] {
  const styles = useStyles();
  return useMemo(() => {
    const reply = (which: "yours" | "theirs", title: string): Column => ({
      id: which,
      title,
      width: 1,
      compare: (a, b) =>
        kmSortValue(a.replyTimes[which]?.kmMedianHours) - kmSortValue(b.replyTimes[which]?.kmMedianHours),
      render: (p) => {
        const text = formatKm(p.replyTimes[which]?.kmMedianHours);
        return text === NO_REPLIES ? <Caption1 className={styles.muted}>{text}</Caption1> : text;
      },
    });
    return [
      {
        id: "name",
        title: "Name",
        width: 2,
        compare: (a, b) => compareText(a.displayName, b.displayName),
        render: (p) => p.displayName,
        text: (p) => p.displayName,
      },
      {
        id: "audience",
        title: "Audience",
        width: 1.1,
        compare: (a, b) => audienceRank[a.audience] - audienceRank[b.audience],
        render: (p) => audienceLabel[p.audience],
      },
      list === "stakeholders"
        ? {
            id: "group",
            title: "Group",
            width: 1.4,
            compare: (a, b) => compareText(a.groupName ?? "", b.groupName ?? ""),
            render: (p) => p.groupName ?? "—",
            text: (p) => p.groupName ?? "",
          }
        : {
            id: "direction",
            title: "Direction",
            width: 1.5,
            compare: (a, b) => Number(waitingOnYou(b)) - Number(waitingOnYou(a)),
            render: (p) => (waitingOnYou(p) ? "Writes to you, no reply" : "You write, no reply back"),
          },
      {
        id: "ring",
        title: "Ring",
        width: 0.5,
        compare: (a, b) => (a.ring ?? 5) - (b.ring ?? 5),
        render: (p) => (p.ring === null ? "—" : p.ring),
      },
      {
        id: "strength",
        title: "Strength",
        width: 0.8,
        compare: (a, b) => a.strength - b.strength,
        render: (p) => formatStrength(p.strength),
      },
      {
        id: "trend",
        title: "Trend",
        width: 0.9,
        compare: (a, b) => trendRank[a.trend] - trendRank[b.trend],
        render: (p) => (
          <>
            <span aria-hidden="true" className={styles.glyph}>
              {trendGlyph[p.trend]}
            </span>
            {trendLabel[p.trend]}
          </>
        ),
      },
      reply("yours", "Your reply time"),
      reply("theirs", "Their reply time"),
      {
        id: "sentiment",
        title: "Sentiment",
        width: 1.1,
        compare: (a, b) =>
          sentimentOrder.indexOf(sentimentOf(a.id)) - sentimentOrder.indexOf(sentimentOf(b.id)),
        render: (p) => <SentimentTag sentiment={sentimentOf(p.id)} />,
      },
    ];
  }, [list, sentimentOf, styles]);
}

/** The grid position with the one tab stop: row 0 is the header row. */
type Position = { row: number; col: number };

/**
 * Everyone on the map (or the one-way contacts) as a sortable table: the same people and the same card.
 * A row opens the card on click, Enter or Space. The grid is one tab stop; arrow keys, Home/End,
 * Ctrl+Home/End and Page Up/Down move between cells (the ARIA grid pattern). Plain table elements with
 * memoised rows, so switching from the map to 150 rows renders in one short frame.
 */
export function PeopleTable(props: {
  people: readonly MapPerson[];
  list: "stakeholders" | "oneway";
  sentimentOf: (id: string) => Sentiment;
  shownId: string | null;
  onOpen: (id: string, from: "pointer" | "keyboard") => void;
  onEscape: () => void;
  describedBy: string;
}) {
  const styles = useStyles();
  const columns = useColumns(props.list, props.sentimentOf);
  const [sort, setSort] = useState<SortState>({ column: "strength", direction: "descending" });
  const [active, setActive] = useState<Position>({ row: 1, col: 0 });
  const tableRef = useRef<HTMLTableElement>(null);
  const moved = useRef(false);

  const rows = useMemo(() => {
    const column = columns.find((c) => c.id === sort.column) ?? columns[0]!;
    const sign = sort.direction === "ascending" ? 1 : -1;
    return [...props.people].sort((a, b) => sign * column.compare(a, b));
  }, [props.people, columns, sort]);

  const last: Position = { row: rows.length, col: columns.length - 1 };
  const clamp = (p: Position): Position => ({
    row: Math.min(Math.max(p.row, 0), last.row),
    col: Math.min(Math.max(p.col, 0), last.col),
  });
  const current = clamp(active);

  useLayoutEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    const cell = tableRef.current?.querySelector<HTMLElement>(`[data-cell="${current.row}:${current.col}"]`);
    (cell?.querySelector<HTMLElement>("button") ?? cell)?.focus();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const page = 10;
    const { row, col } = current;
    const target: Position | null =
      event.key === "ArrowDown"
        ? { row: row + 1, col }
        : event.key === "ArrowUp"
          ? { row: row - 1, col }
          : event.key === "ArrowRight"
            ? { row, col: col + 1 }
            : event.key === "ArrowLeft"
              ? { row, col: col - 1 }
              : event.key === "PageDown"
                ? { row: row + page, col }
                : event.key === "PageUp"
                  ? { row: row - page, col }
                  : event.key === "Home"
                    ? event.ctrlKey
                      ? { row: 0, col: 0 }
                      : { row, col: 0 }
                    : event.key === "End"
                      ? event.ctrlKey
                        ? last
                        : { row, col: last.col }
                      : null;
    if (target) {
      event.preventDefault();
      moved.current = true;
      setActive(clamp(target));
      return;
    }
    const person = row > 0 ? rows[row - 1] : undefined;
    if (person && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      props.onOpen(person.id, "keyboard");
    } else if (event.key === "Escape") props.onEscape();
  };

  // Focus that arrives another way (a click, or the card handing focus back) moves the tab stop with it.
  const onFocus = (event: FocusEvent<HTMLTableElement>) => {
    const at = (event.target as HTMLElement).closest("[data-cell]")?.getAttribute("data-cell");
    if (!at) return;
    const [row, col] = at.split(":").map(Number) as [number, number];
    if (row !== current.row || col !== current.col) setActive({ row, col });
  };

  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const toggle = (column: string) =>
    setSort((s) =>
      s.column === column
        ? { column, direction: s.direction === "ascending" ? "descending" : "ascending" }
        : { column, direction: column === "name" ? "ascending" : "descending" },
    );

  return (
    <div className={styles.scroller}>
      <table
        ref={tableRef}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table with role=grid is the ARIA grid pattern's own data-grid example
        role="grid"
        className={styles.table}
        aria-label={props.list === "stakeholders" ? "People on your map" : "One-way contacts"}
        aria-describedby={props.describedBy}
        aria-rowcount={rows.length + 1}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={{ width: `${(100 * c.width) / total}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c, col) => {
              const sorted = sort.column === c.id;
              return (
                <th
                  key={c.id}
                  scope="col"
                  aria-sort={sorted ? sort.direction : "none"}
                  className={mergeClasses(styles.cell, styles.header)}
                  data-cell={`0:${col}`}
                >
                  <button
                    type="button"
                    tabIndex={current.row === 0 && current.col === col ? 0 : -1}
                    className={mergeClasses(styles.sortButton, sorted && styles.sorted)}
                    onClick={() => toggle(c.id)}
                  >
                    {c.title}
                    {sorted && <span aria-hidden="true">{sort.direction === "ascending" ? "↑" : "↓"}</span>}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((person, index) => (
            <PersonRow
              key={person.id}
              person={person}
              row={index + 1}
              columns={columns}
              activeCol={current.row === index + 1 ? current.col : -1}
              shown={person.id === props.shownId}
              sentiment={props.sentimentOf(person.id)}
              onOpen={props.onOpen}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One person's row. Memoised: moving the tab stop or opening a card re-renders two rows, not all of
 * them. `sentiment` is passed so a changed tag re-renders its row.
 */
const PersonRow = memo(function PersonRow(props: {
  person: MapPerson;
  row: number;
  columns: Column[];
  activeCol: number;
  shown: boolean;
  sentiment: Sentiment;
  onOpen: (id: string, from: "pointer" | "keyboard") => void;
}) {
  const styles = useStyles();
  const { person } = props;
  return (
    <tr
      aria-rowindex={props.row + 1}
      aria-selected={props.shown || undefined}
      className={mergeClasses(styles.row, props.shown && styles.shown)}
      data-row-id={person.id}
      onClick={() => props.onOpen(person.id, "pointer")}
    >
      {props.columns.map((c, col) => (
        <td
          key={c.id}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: cells of an ARIA grid (see the table)
          role="gridcell"
          tabIndex={props.activeCol === col ? 0 : -1}
          className={mergeClasses(styles.cell, col === 0 && styles.name)}
          data-cell={`${props.row}:${col}`}
          data-person-id={col === 0 ? person.id : undefined}
          title={c.text?.(person)}
        >
          {c.render(person)}
        </td>
      ))}
    </tr>
  );
});
