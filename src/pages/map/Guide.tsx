import { Body1, Caption1, makeStyles, Subtitle2, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  guide: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    color: tokens.colorNeutralForeground2,
    "& > *": { margin: 0 },
  },
  keys: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
    "& dd": { margin: 0 },
  },
  key: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "nowrap",
  },
});

const keys: [string, string][] = [
  ["← →", "around a ring"],
  ["↑ ↓", "to the ring inside / outside"],
  ["Enter", "open the card"],
  ["Esc", "close it"],
  ["A–Z", "jump to a name"],
];

/** Beside the map before anyone is chosen: how to get a card, by pointer or keyboard. */
export function Guide() {
  const styles = useStyles();
  return (
    <div className={styles.guide}>
      <Subtitle2 as="h3">Anyone's card</Subtitle2>
      <Body1 as="p">
        Point at a person to see their card here, or click to keep it open while you tag them.
      </Body1>
      <Caption1 as="p">With the keyboard, Tab to the map, then:</Caption1>
      <dl className={styles.keys}>
        {keys.map(([key, what]) => (
          <div key={key} style={{ display: "contents" }}>
            <dt className={styles.key}>{key}</dt>
            <dd>
              <Caption1>{what}</Caption1>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
