import {
  Avatar,
  Badge,
  Body1,
  Caption1,
  Divider,
  makeStyles,
  mergeClasses,
  Text,
  Title3,
  tokens,
} from "@fluentui/react-components";
import type { SenderCard, StakeholderNote, TurnStatistics } from "../app/api";
import { audienceBadge } from "../pages/responsiveness/format";
import { KmValue } from "../pages/responsiveness/KmValue";
import { formatHours, plural } from "../ui/format";
import { PaneActions } from "./PaneActions";
import { SentimentTag } from "./SentimentTag";

export type CardAnswer = SenderCard & { note: StakeholderNote | null };

const ringLabel: Record<number, string> = {
  1: "Ring 1 · your closest 5",
  2: "Ring 2 · your next 10",
  3: "Ring 3 · your next 35",
  4: "Ring 4 · your wider circle",
};

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  who: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", minWidth: 0 },
  names: { display: "flex", flexDirection: "column", minWidth: 0, "& > *": { margin: 0 } },
  name: { overflowWrap: "anywhere" },
  mail: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  facts: {
    display: "grid",
    gridTemplateColumns: "1fr",
    gap: tokens.spacingVerticalS,
    margin: 0,
  },
  fact: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  waitingFact: {
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteMarigoldBorderActive}`,
  },
  overFact: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteRedBorderActive}` },
  repliedFact: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteGreenBorderActive}` },
  term: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, margin: 0 },
  value: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    margin: 0,
  },
  detail: { color: tokens.colorNeutralForeground3, margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

function replyTimeDetail(stats: TurnStatistics | null, whose: "yours" | "theirs"): string {
  if (!stats)
    return whose === "yours" ? "They have not asked you anything yet" : "You have not asked them yet";
  return `median over ${plural(stats.turns, "request")}, ${stats.answered} answered`;
}

/**
 * The sender of the open message to the signed-in user: who they are (audience, ring, group), how long this
 * message has waited, both reply times, the one-click sentiment tag, and their open actions.
 */
export function SenderCardView(props: {
  card: CardAnswer;
  fallbackName: string | null;
  targetHours: number | null;
  windowDays: number | null;
}) {
  const styles = useStyles();
  const { card } = props;
  const contact = card.contact!;
  const figures = card.figures;
  const unknownName = contact.displayName === contact.mail && props.fallbackName;
  const name = unknownName ? props.fallbackName! : contact.displayName;
  const replied = card.waited.repliedAt !== null;
  const over = !replied && props.targetHours !== null && card.waited.hours > props.targetHours;
  const window = props.windowDays ? `the last ${props.windowDays} days` : "your analysis window";

  return (
    <article className={styles.card} aria-labelledby="sender-name">
      <div className={styles.who}>
        <Avatar name={name} size={48} color="colorful" aria-hidden="true" />
        <div className={styles.names}>
          <Title3 as="h1" id="sender-name" className={styles.name}>
            {name}
          </Title3>
          <Caption1 as="p" className={styles.mail}>
            {contact.mail}
          </Caption1>
        </div>
      </div>

      <div className={styles.badges}>
        <Badge appearance="tint" color={contact.audience === "staff" ? "brand" : "informative"}>
          {audienceBadge[contact.audience] ?? contact.audience}
        </Badge>
        {figures?.twoWay && (
          <Badge appearance="tint" color="informative">
            {ringLabel[figures.ring] ?? `Ring ${figures.ring}`}
          </Badge>
        )}
        {figures && !figures.twoWay && (
          <Badge appearance="tint" color="warning">
            One-way: no reply from you yet
          </Badge>
        )}
        {card.group && (
          <Badge appearance="outline" color="informative">
            Group: {card.group.name}
          </Badge>
        )}
      </div>

      {!figures && (
        <Body1 as="p" className={styles.muted}>
          No history with {name} in {window}: no messages or meetings between you in your synced mail.
        </Body1>
      )}

      <dl className={styles.facts}>
        <div
          className={mergeClasses(
            styles.fact,
            replied ? styles.repliedFact : over ? styles.overFact : styles.waitingFact,
          )}
        >
          <dt className={styles.term}>This message</dt>
          <dd className={styles.value}>
            {replied
              ? `You replied after ${formatHours(card.waited.hours)}`
              : `Waiting ${formatHours(card.waited.hours)}`}
          </dd>
          <dd className={styles.detail}>
            <Caption1>
              {replied
                ? "working hours from its arrival to your reply"
                : over
                  ? `working hours since it arrived, over your ${formatHours(props.targetHours!)} target`
                  : "working hours since it arrived"}
            </Caption1>
          </dd>
        </div>
        <div className={styles.fact}>
          <dt className={styles.term}>Your usual reply time to them</dt>
          <dd className={styles.value}>
            <KmValue km={figures?.replyTimes.yours?.kmMedianHours ?? null} />
          </dd>
          <dd className={styles.detail}>
            <Caption1>{replyTimeDetail(figures?.replyTimes.yours ?? null, "yours")}</Caption1>
          </dd>
        </div>
        {figures?.replyTimes.theirs && (
          <div className={styles.fact}>
            <dt className={styles.term}>Their usual reply time to you</dt>
            <dd className={styles.value}>
              <KmValue km={figures.replyTimes.theirs.kmMedianHours} />
            </dd>
            <dd className={styles.detail}>
              <Caption1>{replyTimeDetail(figures.replyTimes.theirs, "theirs")}</Caption1>
            </dd>
          </div>
        )}
      </dl>

      {figures && (
        <Text size={200} className={styles.muted}>
          In {window}: {plural(figures.messagesFrom, "message")} from them, {figures.messagesTo} to them,{" "}
          {plural(figures.meetings, "meeting")} together.
        </Text>
      )}

      <Divider />
      <SentimentTag key={contact.id} personId={contact.id} name={name} note={card.note} />
      <Divider />
      <PaneActions key={`actions-${contact.id}`} personId={contact.id} name={name} group={card.group} />
    </article>
  );
}
