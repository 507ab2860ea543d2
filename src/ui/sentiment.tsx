import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { Sentiment } from "../app/api";

export const sentimentLabel: Record<Sentiment, string> = {
  advocate: "Advocate",
  neutral: "Neutral",
  detractor: "Detractor",
  unknown: "Unknown",
};

export const sentimentOrder: readonly Sentiment[] = ["advocate", "neutral", "detractor", "unknown"];

/**
 * How a sentiment looks, everywhere: a colour pair from Fluent's palette (tokens, so light, dark and
 * high contrast each get their own) and, because colour alone must not carry it, a glyph — plus for an
 * advocate, two bars for neutral, minus for a detractor — on a badge, and a dashed outline for unknown.
 */
export const useSentimentStyles = makeStyles({
  advocate: {
    fill: tokens.colorPaletteGreenBackground2,
    stroke: tokens.colorPaletteGreenBorderActive,
  },
  neutral: {
    fill: tokens.colorPaletteMarigoldBackground2,
    stroke: tokens.colorPaletteMarigoldBorderActive,
  },
  detractor: {
    fill: tokens.colorPaletteRedBackground2,
    stroke: tokens.colorPaletteRedBorderActive,
  },
  unknown: {
    fill: tokens.colorNeutralBackground1,
    stroke: tokens.colorNeutralStrokeAccessible,
    strokeDasharray: "3 2.5",
  },
  textAdvocate: { fill: tokens.colorPaletteGreenForeground2 },
  textNeutral: { fill: tokens.colorPaletteMarigoldForeground2 },
  textDetractor: { fill: tokens.colorPaletteRedForeground2 },
  textUnknown: { fill: tokens.colorNeutralForeground2 },
  // The badge inverts the pair: the glyph in the light colour on the strong one.
  badgeAdvocate: { fill: tokens.colorPaletteGreenForeground2 },
  badgeNeutral: { fill: tokens.colorPaletteMarigoldForeground2 },
  badgeDetractor: { fill: tokens.colorPaletteRedForeground2 },
  badgeUnknown: { fill: tokens.colorNeutralForeground2 },
  glyphAdvocate: { stroke: tokens.colorPaletteGreenBackground2 },
  glyphNeutral: { stroke: tokens.colorPaletteMarigoldBackground2 },
  glyphDetractor: { stroke: tokens.colorPaletteRedBackground2 },
  glyphUnknown: { stroke: tokens.colorNeutralBackground3 },
  badgeEdge: { stroke: tokens.colorNeutralBackground1, strokeWidth: 1.5 },
  glyph: { fill: "none", strokeWidth: 1.6, strokeLinecap: "round", strokeLinejoin: "round" },
  inline: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  inlineSvg: { flexShrink: 0 },
});

export const textClass = {
  advocate: "textAdvocate",
  neutral: "textNeutral",
  detractor: "textDetractor",
  unknown: "textUnknown",
} as const;

const badgeClass = {
  advocate: ["badgeAdvocate", "glyphAdvocate"],
  neutral: ["badgeNeutral", "glyphNeutral"],
  detractor: ["badgeDetractor", "glyphDetractor"],
  unknown: ["badgeUnknown", "glyphUnknown"],
} as const;

/** The glyph's strokes in a 10 × 10 box centred on 0,0. */
const glyphPath: Record<Sentiment, string> = {
  advocate: "M-3,0H3M0,-3V3",
  neutral: "M-3,-1.5H3M-3,1.5H3",
  detractor: "M-3,0H3",
  unknown: "M-1.6,-1.7C-1.6,-3.6 1.8,-3.6 1.8,-1.6C1.8,-0.2 0,0 0,1.2M0,3.2V3.3",
};

/** The sentiment badge as SVG, centred on 0,0, `size` across (inside an <svg>). */
export function SentimentBadge(props: { sentiment: Sentiment; size: number }) {
  const styles = useSentimentStyles();
  const { sentiment, size } = props;
  const [badge, glyph] = badgeClass[sentiment];
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: not focusable; the text beside it names the sentiment.
    <g aria-hidden="true">
      <circle r={size / 2} className={mergeClasses(styles[badge], styles.badgeEdge)} />
      <path
        d={glyphPath[sentiment]}
        transform={`scale(${size / 10})`}
        className={mergeClasses(styles.glyph, styles[glyph])}
      />
    </g>
  );
}

/** A sentiment as the card and table show it: the badge and the word. */
export function SentimentTag(props: { sentiment: Sentiment; className?: string }) {
  const styles = useSentimentStyles();
  return (
    <span className={mergeClasses(styles.inline, props.className)}>
      <SentimentIcon sentiment={props.sentiment} />
      {sentimentLabel[props.sentiment]}
    </span>
  );
}

/** The badge on its own, 16 px, beside text (hidden from screen readers: the text says it). */
export function SentimentIcon(props: { sentiment: Sentiment; size?: number }) {
  const styles = useSentimentStyles();
  const size = props.size ?? 16;
  return (
    <svg
      width={size}
      height={size}
      viewBox="-8 -8 16 16"
      aria-hidden="true"
      focusable="false"
      className={styles.inlineSvg}
    >
      <SentimentBadge sentiment={props.sentiment} size={14} />
    </svg>
  );
}
