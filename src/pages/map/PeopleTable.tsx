import {
  Caption1,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  mergeClasses,
  type TableColumnDefinition,
  tokens,
} from "@fluentui/react-components";
import { type KeyboardEvent, useMemo } from "react";
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
  grid: { minWidth: "836px", "& .fui-DataGridCell, & .fui-DataGridHeaderCell": { boxSizing: "border-box" } },
  row: { cursor: "pointer" },
  shown: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  name: { flexGrow: 2, flexBasis: 0, minWidth: "136px", fontWeight: tokens.fontWeightSemibold },
  wide: { flexGrow: 1.5, flexBasis: 0, minWidth: "112px" },
  audience: { flexGrow: 0.9, flexBasis: 0, minWidth: "84px" },
  ring: { flexGrow: 0.4, flexBasis: 0, minWidth: "48px" },
  strength: { flexGrow: 0.8, flexBasis: 0, minWidth: "88px" },
  trend: { flexGrow: 0.9, flexBasis: 0, minWidth: "84px" },
  number: { flexGrow: 1, flexBasis: 0, minWidth: "84px" },
  sentiment: { flexGrow: 1.1, flexBasis: 0, minWidth: "108px" },
  muted: { color: tokens.colorNeutralForeground3 },
  glyph: { marginRight: tokens.spacingHorizontalXS },
});

type ColumnId =
  | "name"
  | "audience"
  | "group"
  | "direction"
  | "ring"
  | "strength"
  | "trend"
  | "yours"
  | "theirs"
  | "sentiment";

const compareText = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base" });
// Sorting follows meaning, not the alphabet: your own people first, rising first.
const audienceRank: Record<Audience, number> = { staff: 0, up: 1, peers: 2, internal: 3, external: 4 };
const trendRank: Record<Trend, number> = { rising: 0, new: 1, steady: 2, fading: 3 };

/**
 * Everyone on the map (or the one-way contacts) as a sortable table: the same people and the same card.
 * A row opens the card on click, Enter or Space; arrow keys move between cells (Fluent's DataGrid).
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
  const { sentimentOf, list } = props;

  const columns = useMemo(() => {
    const reply = (which: "yours" | "theirs", title: string): TableColumnDefinition<MapPerson> =>
      createTableColumn<MapPerson>({
        columnId: which,
        compare: (a, b) =>
          kmSortValue(a.replyTimes[which]?.kmMedianHours) - kmSortValue(b.replyTimes[which]?.kmMedianHours),
        renderHeaderCell: () => title,
        renderCell: (p) => {
          const text = formatKm(p.replyTimes[which]?.kmMedianHours);
          return text === NO_REPLIES ? <Caption1 className={styles.muted}>{text}</Caption1> : text;
        },
      });
    const all: TableColumnDefinition<MapPerson>[] = [
      createTableColumn<MapPerson>({
        columnId: "name",
        compare: (a, b) => compareText(a.displayName, b.displayName),
        renderHeaderCell: () => "Name",
        renderCell: (p) => p.displayName,
      }),
      createTableColumn<MapPerson>({
        columnId: "audience",
        compare: (a, b) => audienceRank[a.audience] - audienceRank[b.audience],
        renderHeaderCell: () => "Audience",
        renderCell: (p) => audienceLabel[p.audience],
      }),
      list === "stakeholders"
        ? createTableColumn<MapPerson>({
            columnId: "group",
            compare: (a, b) => compareText(a.groupName ?? "", b.groupName ?? ""),
            renderHeaderCell: () => "Group",
            renderCell: (p) => p.groupName ?? "—",
          })
        : createTableColumn<MapPerson>({
            columnId: "direction",
            compare: (a, b) => Number(waitingOnYou(b)) - Number(waitingOnYou(a)),
            renderHeaderCell: () => "Direction",
            renderCell: (p) => (waitingOnYou(p) ? "Writes to you, no reply" : "You write, no reply back"),
          }),
      createTableColumn<MapPerson>({
        columnId: "ring",
        compare: (a, b) => (a.ring ?? 5) - (b.ring ?? 5),
        renderHeaderCell: () => "Ring",
        renderCell: (p) => (p.ring === null ? "—" : p.ring),
      }),
      createTableColumn<MapPerson>({
        columnId: "strength",
        compare: (a, b) => a.strength - b.strength,
        renderHeaderCell: () => "Strength",
        renderCell: (p) => formatStrength(p.strength),
      }),
      createTableColumn<MapPerson>({
        columnId: "trend",
        compare: (a, b) => trendRank[a.trend] - trendRank[b.trend],
        renderHeaderCell: () => "Trend",
        renderCell: (p) => (
          <span>
            <span aria-hidden="true" className={styles.glyph}>
              {trendGlyph[p.trend]}
            </span>
            {trendLabel[p.trend]}
          </span>
        ),
      }),
      reply("yours", "Your reply time"),
      reply("theirs", "Their reply time"),
      createTableColumn<MapPerson>({
        columnId: "sentiment",
        compare: (a, b) =>
          sentimentOrder.indexOf(sentimentOf(a.id)) - sentimentOrder.indexOf(sentimentOf(b.id)),
        renderHeaderCell: () => "Sentiment",
        renderCell: (p) => <SentimentTag sentiment={sentimentOf(p.id)} />,
      }),
    ];
    return all;
  }, [list, sentimentOf, styles]);

  const widthOf: Record<ColumnId, string> = {
    name: styles.name,
    audience: styles.audience,
    group: styles.wide,
    direction: styles.wide,
    ring: styles.ring,
    strength: styles.strength,
    trend: styles.trend,
    yours: styles.number,
    theirs: styles.number,
    sentiment: styles.sentiment,
  };

  const onRowKey = (id: string) => (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      props.onOpen(id, "keyboard");
    } else if (event.key === "Escape") props.onEscape();
  };

  return (
    <div className={styles.scroller}>
      <DataGrid
        className={styles.grid}
        items={props.people as MapPerson[]}
        columns={columns}
        getRowId={(p: MapPerson) => p.id}
        sortable
        defaultSortState={{ sortColumn: "strength", sortDirection: "descending" }}
        focusMode="cell"
        size="small"
        aria-label={list === "stakeholders" ? "People on your map" : "One-way contacts"}
        aria-describedby={props.describedBy}
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell, columnId }) => (
              <DataGridHeaderCell className={widthOf[columnId as ColumnId]}>
                {renderHeaderCell()}
              </DataGridHeaderCell>
            )}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<MapPerson>>
          {({ item, rowId }) => (
            <DataGridRow<MapPerson>
              key={rowId}
              className={mergeClasses(styles.row, item.id === props.shownId && styles.shown)}
              aria-selected={item.id === props.shownId || undefined}
              data-row-id={item.id}
              onClick={() => props.onOpen(item.id, "pointer")}
              onKeyDown={onRowKey(item.id)}
            >
              {({ renderCell, columnId }) => (
                <DataGridCell
                  className={widthOf[columnId as ColumnId]}
                  data-person-id={columnId === "name" ? item.id : undefined}
                >
                  {renderCell(item)}
                </DataGridCell>
              )}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
