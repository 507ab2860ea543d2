import {
  Body1,
  Caption1,
  Card,
  makeStyles,
  mergeClasses,
  Subtitle1,
  tokens,
} from "@fluentui/react-components";
import type { Report } from "../../app/api";
import { plural } from "../../ui/format";
import { percent } from "./format";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(380px, 100%), 1fr))",
    gap: tokens.spacingHorizontalM,
  },
  card: { gap: tokens.spacingVerticalXS },
  label: { color: tokens.colorNeutralForeground2, margin: 0 },
  split: {
    display: "flex",
    gap: tokens.spacingHorizontalXL,
    flexWrap: "wrap",
    alignItems: "baseline",
  },
  figure: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  splitFigure: { flex: "1 1 150px" },
  smallValue: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Attention habits: mail sent while in meetings with others (and with staff, for leaders), and mail to
 * staff outside working hours (leaders only).
 */
export function MeetingHabits(props: { report: Report }) {
  const styles = useStyles();
  const { multitasking, afterHoursToStaff } = props.report.meetings;
  const leader = props.report.user.directReports > 0;
  return (
    <section className={styles.section} aria-labelledby="habits-heading">
      <Subtitle1 as="h3" id="habits-heading" className={styles.heading}>
        Attention and hours
      </Subtitle1>
      <div className={styles.grid}>
        <Card className={styles.card}>
          <Body1 as="h4" className={styles.label}>
            Mail during meetings
          </Body1>
          <div className={styles.split}>
            <div className={mergeClasses(styles.figure, styles.splitFigure)}>
              <span className={styles.smallValue}>{percent(multitasking.share)}</span>
              <Caption1>
                of meeting time with 2 or more others · {plural(multitasking.messages, "message")}
              </Caption1>
            </div>
            {leader && (
              <div className={mergeClasses(styles.figure, styles.splitFigure)}>
                <span className={styles.smallValue}>{percent(multitasking.withStaff.share)}</span>
                <Caption1>
                  with your staff there · {plural(multitasking.withStaff.messages, "message")}
                </Caption1>
              </div>
            )}
          </div>
          <Caption1 className={styles.muted}>
            {multitasking.share === null
              ? "You had no meetings with 2 or more others in the window."
              : "Share of those meetings' minutes in which you sent mail. People notice when you read mail while they talk."}
          </Caption1>
        </Card>
        {leader && (
          <Card className={styles.card}>
            <Body1 as="h4" className={styles.label}>
              After-hours mail to staff
            </Body1>
            <div className={styles.figure}>
              <span className={styles.smallValue}>{percent(afterHoursToStaff.share)}</span>
              <Caption1>
                {afterHoursToStaff.share === null
                  ? "You sent no mail to your staff in the window."
                  : `of your mail to staff · ${plural(afterHoursToStaff.count, "message")} outside your working hours`}
              </Caption1>
            </div>
            <Caption1 className={styles.muted}>
              Late mail from a manager reads as an expectation to answer late. Consider scheduling it.
            </Caption1>
          </Card>
        )}
      </div>
    </section>
  );
}
