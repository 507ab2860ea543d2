import {
  Body1,
  Body1Strong,
  Button,
  Caption1,
  Divider,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
} from "@fluentui/react-components";
import { type KeyboardEvent, type Ref, useState } from "react";
import type { Sentiment, StakeholderNote, TurnStatistics } from "../../app/api";
import { SentimentBadge, textClass, useSentimentStyles } from "../../ui/sentiment";
import {
  audienceHint,
  audienceLabel,
  formatKm,
  formatStrength,
  fullDate,
  initials,
  NO_REPLIES,
  relativeTime,
  ringHint,
  trendGlyph,
  trendHint,
  trendLabel,
} from "./format";
import type { MapPerson } from "./people";
import { type Draft, SentimentEditor } from "./SentimentEditor";

const useStyles = makeStyles({
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  header: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr) auto",
    gap: tokens.spacingHorizontalM,
  },
  who: { display: "flex", flexDirection: "column", minWidth: 0, "& > *": { margin: 0 } },
  heading: {
    margin: 0,
    alignSelf: "flex-start",
    overflowWrap: "anywhere",
    borderRadius: tokens.borderRadiusSmall,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "2px" },
  },
  close: { fontSize: tokens.fontSizeBase400, minWidth: "32px", alignSelf: "flex-start" },
  mail: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  facts: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    "& dt": { color: tokens.colorNeutralForeground3 },
    "& dd": { margin: 0, display: "flex", flexDirection: "column" },
  },
  sub: { color: tokens.colorNeutralForeground3 },
  glyph: { marginRight: tokens.spacingHorizontalXS },
  hide: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalXS },
});

export interface PersonCardProps {
  person: MapPerson;
  sentiment: Sentiment;
  note: StakeholderNote | undefined;
  draft: Draft | undefined;
  headingRef: Ref<HTMLHeadingElement>;
  onDraft: (personId: string, draft: Draft | undefined) => void;
  onSave: (personId: string, value: Draft) => Promise<unknown>;
  onHide: (personId: string) => Promise<void>;
  onClose: () => void;
}

/** A person's card: who they are to you, the figures, and your sentiment and note (editable). */
export function PersonCard(props: PersonCardProps) {
  const styles = useStyles();
  const { person, sentiment } = props;
  const headingId = `card-${person.id}`;
  const [hiding, setHiding] = useState(false);
  const [hideError, setHideError] = useState<string | null>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && !event.defaultPrevented) {
      event.stopPropagation();
      props.onClose();
    }
  };
  const hide = async () => {
    setHiding(true);
    setHideError(null);
    try {
      await props.onHide(person.id);
    } catch (e) {
      setHideError((e as Error).message);
      setHiding(false);
    }
  };

  return (
    <section
      className={styles.card}
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
      data-testid="person-card"
    >
      <div className={styles.header}>
        <PersonAvatar name={person.displayName} sentiment={sentiment} />
        <div className={styles.who}>
          <Text
            as="h3"
            size={400}
            weight="semibold"
            id={headingId}
            ref={props.headingRef}
            tabIndex={-1}
            className={styles.heading}
          >
            {person.displayName}
          </Text>
          <Caption1 className={styles.mail}>{person.mail}</Caption1>
        </div>
        <Button
          appearance="subtle"
          className={styles.close}
          aria-label="Close card"
          title="Close (Escape)"
          onClick={props.onClose}
        >
          ✕
        </Button>
      </div>
      <dl className={styles.facts}>
        <dt>Audience</dt>
        <dd>
          <Body1>{audienceLabel[person.audience]}</Body1>
          <Caption1 className={styles.sub}>{audienceHint[person.audience]}</Caption1>
        </dd>
        <dt>Group</dt>
        <dd>
          <Body1>{person.groupName ?? "—"}</Body1>
        </dd>
        <dt>Ring</dt>
        <dd>
          {person.ring === null ? (
            <>
              <Body1>Not on the map</Body1>
              <Caption1 className={styles.sub}>
                {person.messagesFrom > 0 && person.messagesTo === 0
                  ? "one-way: they write to you and have had no reply"
                  : "one-way: you write to them and they have not written back"}
              </Caption1>
            </>
          ) : (
            <>
              <Body1>Ring {person.ring}</Body1>
              <Caption1 className={styles.sub}>
                {ringHint[person.ring]} · strength {formatStrength(person.strength)}
              </Caption1>
            </>
          )}
        </dd>
        <dt>Trend</dt>
        <dd>
          <Body1>
            <span aria-hidden="true" className={styles.glyph}>
              {trendGlyph[person.trend]}
            </span>
            {trendLabel[person.trend]}
          </Body1>
          <Caption1 className={styles.sub}>{trendHint[person.trend]}</Caption1>
        </dd>
        <dt>Last interaction</dt>
        <dd>
          <Body1>
            <time dateTime={person.lastInteractionAt} title={fullDate(person.lastInteractionAt)}>
              {relativeTime(person.lastInteractionAt)}
            </time>
          </Body1>
          <Caption1 className={styles.sub}>
            {person.messagesFrom} from them · {person.messagesTo} to them · {person.meetings}{" "}
            {person.meetings === 1 ? "meeting" : "meetings"}
          </Caption1>
        </dd>
        <dt>Your reply time</dt>
        <dd>
          <ReplyTime figures={person.replyTimes.yours} />
        </dd>
        <dt>Their reply time</dt>
        <dd>
          <ReplyTime figures={person.replyTimes.theirs} />
        </dd>
      </dl>
      <Caption1 className={styles.sub}>
        Reply times are medians in working hours that count unanswered messages too (≥ means fewer than half
        were answered).
      </Caption1>
      <Divider />
      <SentimentEditor
        key={person.id}
        personId={person.id}
        name={person.displayName}
        note={props.note}
        draft={props.draft}
        onDraft={props.onDraft}
        onSave={props.onSave}
      />
      <Divider />
      <div className={styles.hide}>
        <Button appearance="secondary" disabled={hiding} onClick={hide}>
          {hiding ? "Hiding…" : "Hide from my map"}
        </Button>
        <Caption1 className={styles.sub}>
          They still count in your figures; Settings & privacy shows them again.
        </Caption1>
        {hideError && (
          <MessageBar intent="error">
            <MessageBarBody>Not hidden: {hideError}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </section>
  );
}

function ReplyTime(props: { figures: TurnStatistics | null }) {
  const styles = useStyles();
  const f = props.figures;
  if (!f) return <Body1>{NO_REPLIES}</Body1>;
  return (
    <>
      <Body1Strong>{formatKm(f.kmMedianHours)}</Body1Strong>
      <Caption1 className={styles.sub}>
        {f.answered} of {f.turns} answered
      </Caption1>
    </>
  );
}

/** The person's circle as on the map, larger. */
export function PersonAvatar(props: { name: string; sentiment: Sentiment; size?: number }) {
  const sentimentStyles = useSentimentStyles();
  const size = props.size ?? 44;
  const r = size / 2 - 2;
  return (
    <svg width={size} height={size} viewBox={`${-size / 2} ${-size / 2} ${size} ${size}`} aria-hidden="true">
      <circle r={r} className={sentimentStyles[props.sentiment]} strokeWidth={1.5} />
      <text
        y={r * 0.3}
        textAnchor="middle"
        fontSize={r * 0.8}
        fontWeight={600}
        className={sentimentStyles[textClass[props.sentiment]]}
      >
        {initials(props.name)}
      </text>
      {props.sentiment !== "unknown" && (
        <g transform={`translate(${r * 0.72},${r * 0.72})`}>
          <SentimentBadge sentiment={props.sentiment} size={13} />
        </g>
      )}
    </svg>
  );
}
