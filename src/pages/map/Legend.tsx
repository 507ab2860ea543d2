import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { SentimentTag, sentimentOrder } from "../../ui/sentiment";

const useStyles = makeStyles({
  legend: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
    color: tokens.colorNeutralForeground2,
  },
  item: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  sizes: { display: "inline-flex", alignItems: "center", gap: "3px" },
  dot: {
    display: "inline-block",
    borderRadius: "50%",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStrokeAccessible}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

/** What the colours, badges and sizes on the orbit mean (the words are the key, not the colours). */
export function Legend() {
  const styles = useStyles();
  return (
    <ul className={styles.legend} aria-label="Legend">
      {sentimentOrder.map((s) => (
        <li key={s} className={styles.item}>
          <Caption1>
            <SentimentTag sentiment={s} />
          </Caption1>
        </li>
      ))}
      <li className={styles.item}>
        <span className={styles.sizes} aria-hidden="true">
          {[8, 12, 16].map((d) => (
            <span key={d} className={styles.dot} style={{ width: d, height: d }} />
          ))}
        </span>
        <Caption1>Size: how much you interact</Caption1>
      </li>
      <li className={styles.item}>
        <Caption1>Rings: 1 your 5 strongest · 2 the next 10 · 3 the next 35 · 4 the next 100</Caption1>
      </li>
    </ul>
  );
}
