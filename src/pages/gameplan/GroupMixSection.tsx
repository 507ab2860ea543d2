import { Body1, Caption1, makeStyles, Subtitle2, tokens } from "@fluentui/react-components";
import type { GroupMix, SentimentMix } from "../../app/api";
import { EmptyState } from "../../app/states";
import { useSentimentStyles } from "../../ui/sentiment";
import { Section } from "../settings/Section";

const useStyles = makeStyles({
  list: {
    listStyle: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 320px), 1fr))",
    gap: tokens.spacingHorizontalM,
  },
  group: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    "& > *": { margin: 0 },
  },
  name: { overflowWrap: "anywhere" },
  bar: { display: "block", width: "100%", height: "12px" },
  muted: { color: tokens.colorNeutralForeground3 },
  up: { color: tokens.colorPaletteGreenForeground1 },
  down: { color: tokens.colorPaletteRedForeground1 },
});

/** The bar's parts, left to right; "unrated" and "unknown" both draw as the dashed unknown. */
const parts = [
  { key: "advocate", style: "advocate", word: (n: number) => (n === 1 ? "advocate" : "advocates") },
  { key: "neutral", style: "neutral", word: () => "neutral" },
  { key: "detractor", style: "detractor", word: (n: number) => (n === 1 ? "detractor" : "detractors") },
  { key: "unknown", style: "unknown", word: () => "unknown" },
  { key: "unrated", style: "unknown", word: () => "not rated" },
] as const;

/** "2 advocates, 1 neutral, 4 not rated": the bar in words, for everyone. */
export function mixText(mix: SentimentMix): string {
  const said = parts.filter((p) => mix[p.key] > 0).map((p) => `${mix[p.key]} ${p.word(mix[p.key])}`);
  return said.join(", ") || "no members";
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0");

/** A stacked bar of the mix (drawn with the sentiment colours; hidden from screen readers, the text says it). */
function MixBar(props: { mix: SentimentMix; members: number }) {
  const styles = useStyles();
  const sentiment = useSentimentStyles();
  let x = 0;
  return (
    <svg
      className={styles.bar}
      viewBox="0 0 100 12"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      {parts.map((p) => {
        const width = props.members ? (props.mix[p.key] / props.members) * 100 : 0;
        const rect = width > 0 && (
          <rect
            key={p.key}
            x={x}
            y={1}
            width={width}
            height={10}
            className={sentiment[p.style]}
            vectorEffect="non-scaling-stroke"
          />
        );
        x += width;
        return rect;
      })}
    </svg>
  );
}

/** Each group's sentiment mix now, as a bar and in words, with how its net moved over the window. */
export function GroupMixSection(props: { groups: readonly GroupMix[]; days: number }) {
  const styles = useStyles();
  return (
    <Section
      title="Groups: sentiment mix"
      lead={`How the people in each group stand with you now, from your own ratings, and how the net (advocates minus detractors) moved over the last ${props.days} days.`}
    >
      {props.groups.length === 0 ? (
        <EmptyState title="No groups yet">
          Your groups appear once Orbit has read your mail and calendar metadata; see the Groups page.
        </EmptyState>
      ) : (
        <ul className={styles.list}>
          {props.groups.map((g) => {
            const { now, change } = g.trend;
            return (
              <li key={g.id} className={styles.group}>
                <Subtitle2 as="h4" className={styles.name}>
                  {g.name}
                </Subtitle2>
                <MixBar mix={now.mix} members={g.members} />
                <Body1>{mixText(now.mix)}</Body1>
                <Caption1>
                  Net {signed(now.net)}{" "}
                  <span className={change.net > 0 ? styles.up : change.net < 0 ? styles.down : styles.muted}>
                    ({change.net === 0 ? "no change" : `${change.net > 0 ? "▲" : "▼"} ${signed(change.net)}`}{" "}
                    in {props.days} days)
                  </span>
                </Caption1>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
