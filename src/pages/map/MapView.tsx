import {
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  Subtitle1,
  ToggleButton,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { Report, Sentiment } from "../../app/api";
import { navigate } from "../../app/router";
import { EmptyState } from "../../app/states";
import { plural } from "../../ui/format";
import { useQuery } from "../../ui/useQuery";
import { visuallyHidden } from "../../ui/visually-hidden";
import type { MapData } from "./data";
import { Guide } from "./Guide";
import { Legend } from "./Legend";
import { layoutOrbit } from "./layout";
import { OneWaySummary } from "./OneWaySummary";
import { Orbit } from "./Orbit";
import { PeopleTable } from "./PeopleTable";
import { PersonCard } from "./PersonCard";
import { mapPeople } from "./people";
import type { Draft } from "./SentimentEditor";

type Ready = Extract<MapData, { state: "ready" }>;

const UNGROUPED = "Not in a group";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
  },
  heading: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    "& > *": { margin: 0 },
  },
  summary: { color: tokens.colorNeutralForeground2 },
  toggles: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  segmented: {
    display: "inline-flex",
    margin: 0,
    padding: 0,
    border: "none",
    minWidth: 0,
    "& > button:first-of-type": { borderTopRightRadius: 0, borderBottomRightRadius: 0 },
    "& > button:last-of-type": { borderTopLeftRadius: 0, borderBottomLeftRadius: 0, marginLeft: "-1px" },
  },
  body: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) 360px",
    alignItems: "start",
    gap: tokens.spacingHorizontalL,
    "@media (max-width: 1023px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  bodyWide: { gridTemplateColumns: "minmax(0, 1fr)" },
  frame: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    minWidth: 0,
    // The card stays in view beside a long table or a tall map.
    position: "sticky",
    top: tokens.spacingVerticalM,
    maxHeight: `calc(100vh - 2 * ${tokens.spacingVerticalM})`,
    overflowY: "auto",
    "@media (max-width: 1023px)": { position: "static", maxHeight: "none" },
  },
  visuallyHidden,
});

/** The Map page once everything has loaded: toolbar, orbit or table, the card beside, one-way contacts. */
export function MapView(props: { report: Report; data: Ready }) {
  const styles = useStyles();
  const { report, data } = props;
  const [query, setQuery] = useQuery();
  const view = query.get("view") === "table" ? "table" : "orbit";
  const list = query.get("list") === "oneway" ? "oneway" : "stakeholders";

  const people = useMemo(() => mapPeople(report, data.hiddenIds), [report, data.hiddenIds]);
  // The layout depends on who is on the map and their groups only: never on hover, focus or notes.
  const layout = useMemo(
    () =>
      layoutOrbit(
        people.stakeholders.map((p) => ({
          id: p.id,
          strength: p.strength,
          ring: p.ring ?? 4,
          groupId: p.groupId,
        })),
        report.groups,
        UNGROUPED,
      ),
    [people.stakeholders, report.groups],
  );
  const notes = data.notes;
  const sentimentOf = useCallback((id: string): Sentiment => notes.get(id)?.sentiment ?? "unknown", [notes]);

  const [pinnedId, setPinnedId] = useState<string | null>(null);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<ReadonlyMap<string, Draft>>(new Map());
  const [hiddenNotice, setHiddenNotice] = useState<{ id: string; name: string } | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const focusCard = useRef(false);
  const focusUndo = useRef(false);
  const quietFocus = useRef<string | null>(null);
  const helpId = useId();

  const shownId = pinnedId ?? previewId;
  const shown = shownId ? people.byId.get(shownId) : undefined;

  /** Focuses a person in the orbit or table without re-showing their card. */
  const focusPerson = useCallback((id: string) => {
    const target = viewRef.current?.querySelector<HTMLElement | SVGElement>(
      `[data-person-id="${CSS.escape(id)}"]`,
    );
    // Someone no longer in this view (another list, just hidden): back to the view's own tab stop.
    const fallback = viewRef.current?.querySelector<HTMLElement | SVGElement>('[tabindex="0"]');
    const element = target ?? fallback;
    quietFocus.current = element?.getAttribute("data-person-id") ?? id;
    element?.focus();
    quietFocus.current = null;
  }, []);

  const onPreview = useCallback((id: string, from: "pointer" | "focus") => {
    if (quietFocus.current === id) return;
    if (from === "focus") setPinnedId((pinned) => (pinned === id ? pinned : null));
    setPreviewId(id);
  }, []);
  const onPointerPreview = useCallback((id: string) => onPreview(id, "pointer"), [onPreview]);
  const onFocusPreview = useCallback((id: string) => onPreview(id, "focus"), [onPreview]);

  // Counts opens, so opening the card already showing still moves focus into it.
  const [opens, setOpens] = useState(0);
  const onOpen = useCallback((id: string, from: "pointer" | "keyboard") => {
    setPinnedId(id);
    setPreviewId(id);
    setOpens((n) => n + 1);
    focusCard.current = from === "keyboard";
  }, []);

  const onClose = useCallback(() => {
    const id = pinnedId ?? previewId;
    setPinnedId(null);
    setPreviewId(null);
    if (id) focusPerson(id);
  }, [pinnedId, previewId, focusPerson]);

  /** Working in a card that was only showing (pointed at) keeps it open. */
  const pin = () => {
    if (pinnedId === null && previewId !== null) setPinnedId(previewId);
  };

  const onEscape = useCallback(() => {
    setPinnedId(null);
    setPreviewId(null);
  }, []);

  useEffect(() => {
    if (!pinnedId || opens === 0) return;
    if (focusCard.current) {
      focusCard.current = false;
      headingRef.current?.focus();
    } else {
      // Where the card sits below the map (narrow windows), bring it into view.
      panelRef.current?.scrollIntoView({ block: "nearest" });
    }
  }, [pinnedId, opens]);

  useEffect(() => {
    if (focusUndo.current && hiddenNotice) {
      focusUndo.current = false;
      undoRef.current?.focus();
    }
  }, [hiddenNotice]);

  const onDraft = useCallback((id: string, draft: Draft | undefined) => {
    setDrafts((m) => {
      const next = new Map(m);
      if (draft) next.set(id, draft);
      else next.delete(id);
      return next;
    });
  }, []);

  const { saveNote, setHidden } = data;
  const onHide = useCallback(
    async (id: string) => {
      const name = people.byId.get(id)?.displayName ?? id;
      await setHidden(id, true);
      setPinnedId(null);
      setPreviewId(null);
      setUndoError(null);
      focusUndo.current = true;
      setHiddenNotice({ id, name });
    },
    [people.byId, setHidden],
  );
  const undoHide = async () => {
    if (!hiddenNotice) return;
    try {
      await setHidden(hiddenNotice.id, false);
      setHiddenNotice(null);
    } catch (e) {
      setUndoError((e as Error).message);
    }
  };

  if (people.stakeholders.length === 0) {
    return (
      <EmptyState
        title="Everyone on your map is hidden"
        action={<Button onClick={() => navigate("/tab/settings")}>Open Settings & privacy</Button>}
      >
        You hid all {report.stakeholders.length} people Orbit found. Show them again on Settings & privacy.
      </EmptyState>
    );
  }

  const tableRows = list === "oneway" ? people.oneWay : people.stakeholders;
  const groupsShown = new Set(people.stakeholders.map((p) => p.groupId)).size;
  const card = shown ? (
    <PersonCard
      person={shown}
      sentiment={sentimentOf(shown.id)}
      note={notes.get(shown.id)}
      draft={drafts.get(shown.id)}
      headingRef={headingRef}
      onDraft={onDraft}
      onSave={saveNote}
      onHide={onHide}
      onClose={onClose}
    />
  ) : null;

  return (
    <section className={styles.page} aria-labelledby={`${helpId}-title`}>
      <div className={styles.toolbar}>
        <div className={styles.heading}>
          <Subtitle1 as="h2" id={`${helpId}-title`}>
            Your map
          </Subtitle1>
          <Caption1 as="p" className={styles.summary}>
            {plural(people.stakeholders.length, "person", "people")} you work with, in{" "}
            {plural(groupsShown, "group", "groups")}, from the last {report.windowDays} days of mail and
            meetings.
            {people.hiddenCount > 0 && (
              <>
                {" "}
                {plural(people.hiddenCount, "person is", "people are")} hidden (
                <Link inline onClick={() => navigate("/tab/settings")}>
                  Settings & privacy
                </Link>
                ).
              </>
            )}
          </Caption1>
        </div>
        <div className={styles.toggles}>
          {view === "table" && (
            <fieldset className={styles.segmented}>
              <legend className={styles.visuallyHidden}>People</legend>
              <ToggleButton checked={list === "stakeholders"} onClick={() => setQuery({ list: null })}>
                On the map ({people.stakeholders.length})
              </ToggleButton>
              <ToggleButton checked={list === "oneway"} onClick={() => setQuery({ list: "oneway" })}>
                One-way ({people.oneWay.length})
              </ToggleButton>
            </fieldset>
          )}
          <fieldset className={styles.segmented}>
            <legend className={styles.visuallyHidden}>View</legend>
            <ToggleButton checked={view === "orbit"} onClick={() => setQuery({ view: null, list: null })}>
              Orbit
            </ToggleButton>
            <ToggleButton checked={view === "table"} onClick={() => setQuery({ view: "table" })}>
              Table
            </ToggleButton>
          </fieldset>
        </div>
      </div>

      {hiddenNotice && (
        <MessageBar intent={undoError ? "error" : "info"}>
          <MessageBarBody>
            {undoError
              ? `${hiddenNotice.name} is still hidden: ${undoError}`
              : `${hiddenNotice.name} is hidden from your map.`}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" aria-label="Dismiss" onClick={() => setHiddenNotice(null)}>
                ✕
              </Button>
            }
          >
            <Button ref={undoRef} onClick={undoHide}>
              Undo
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <p id={helpId} className={styles.visuallyHidden}>
        {view === "orbit"
          ? "Left and right arrows move around a ring, up and down arrows move to the ring inside or outside. Enter opens the person's card, Escape closes it. Type a letter to jump to a name."
          : "Arrow keys move between cells. Enter on a row opens the person's card, Escape closes it."}
      </p>

      <div className={`${styles.body} ${view === "table" && !card ? styles.bodyWide : ""}`}>
        <div ref={viewRef}>
          {view === "orbit" ? (
            <div className={styles.frame}>
              <Orbit
                layout={layout}
                people={people.byId}
                sentimentOf={sentimentOf}
                shownId={shownId}
                firstId={people.stakeholders[0]!.id}
                onPreview={onPointerPreview}
                onFocusPreview={onFocusPreview}
                onOpen={onOpen}
                onEscape={onEscape}
                describedBy={helpId}
              />
              <Legend />
            </div>
          ) : tableRows.length === 0 ? (
            <EmptyState title="No one-way contacts">
              Everyone you exchanged mail with in the last {report.windowDays} days wrote both ways.
            </EmptyState>
          ) : (
            <PeopleTable
              people={tableRows}
              list={list}
              sentimentOf={sentimentOf}
              shownId={shownId}
              onOpen={onOpen}
              onEscape={onEscape}
              describedBy={helpId}
            />
          )}
        </div>
        {(card || view === "orbit") && (
          <section
            ref={panelRef}
            className={styles.panel}
            aria-label="Card"
            onFocus={pin}
            onPointerDown={pin}
          >
            {card ?? <Guide />}
          </section>
        )}
      </div>

      {view === "orbit" && (
        <OneWaySummary oneWay={people.oneWay} onShow={() => setQuery({ view: "table", list: "oneway" })} />
      )}
    </section>
  );
}
