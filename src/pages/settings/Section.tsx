import { Body1, Card, makeStyles, mergeClasses, Subtitle1, tokens } from "@fluentui/react-components";
import { type ReactNode, useId } from "react";

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM },
  danger: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusDangerBorder2}`,
  },
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, "& > *": { margin: 0 } },
  lead: { color: tokens.colorNeutralForeground2 },
});

/** One titled part of Settings & privacy (a card with an h3), optionally marked as a danger zone. */
export function Section(props: { title: string; lead?: ReactNode; danger?: boolean; children: ReactNode }) {
  const styles = useStyles();
  const titleId = useId();
  return (
    <Card
      className={mergeClasses(styles.card, props.danger && styles.danger)}
      role="region"
      aria-labelledby={titleId}
    >
      <div className={styles.head}>
        <Subtitle1 as="h3" id={titleId}>
          {props.title}
        </Subtitle1>
        {props.lead && (
          <Body1 as="p" className={styles.lead}>
            {props.lead}
          </Body1>
        )}
      </div>
      {props.children}
    </Card>
  );
}
