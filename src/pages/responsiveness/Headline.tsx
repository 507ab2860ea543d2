import {
  Body1,
  Caption1,
  Card,
  makeStyles,
  mergeClasses,
  Subtitle1,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { Report, TurnStatistics } from "../../app/api";
import { kmText, plural } from "../../ui/format";
import {
  type Audience,
  audienceLabel,
  audienceOrder,
  COMPARISON_MIN_TURNS,
  compareStaffWithUp,
  percent,
} from "./format";
import { KmValue } from "./KmValue";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(180px, 1fr))",
    gap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  card: { height: "100%", boxSizing: "border-box", gap: tokens.spacingVerticalXS },
  overall: {
    backgroundColor: tokens.colorBrandBackground2,
    ":hover": { backgroundColor: tokens.colorBrandBackground2 },
  },
  label: { color: tokens.colorNeutralForeground2, margin: 0 },
  value: {
    fontSize: tokens.fontSizeHero800,
    lineHeight: tokens.lineHeightHero800,
    fontWeight: tokens.fontWeightSemibold,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  comparison: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorNeutralStroke1}`,
    "& > *": { margin: 0 },
  },
  longer: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  same: { borderLeftColor: tokens.colorPaletteGreenBorder2 },
  less: { borderLeftColor: tokens.colorPaletteGreenBorder2 },
});

function FigureCard(props: { label: string; stats: TurnStatistics; overall?: boolean }) {
  const styles = useStyles();
  const { stats } = props;
  return (
    <Card className={mergeClasses(styles.card, props.overall && styles.overall)}>
      <Body1 as="h4" className={styles.label}>
        {props.label}
      </Body1>
      <KmValue
        km={stats.kmMedianHours}
        className={mergeClasses(styles.value, stats.turns === 0 && styles.muted)}
      />
      <Caption1>
        {stats.turns === 0
          ? "No requests in the window"
          : `${plural(stats.turns, "turn")} · ${stats.answered} answered`}
      </Caption1>
      {stats.turns > 0 && stats.answerRate !== null && (
        <Caption1 className={styles.muted}>{percent(stats.answerRate)} answer rate</Caption1>
      )}
    </Card>
  );
}

/**
 * The headline: Kaplan–Meier median reply time overall and for each audience, and, for leaders with
 * enough turns on both sides, how long staff wait compared with the manager, in words.
 */
export function Headline(props: { report: Report }) {
  const styles = useStyles();
  const { overall, byAudience } = props.report.responsiveness;
  const staff = byAudience.staff;
  const up = byAudience.up;
  const comparable = staff.turns >= COMPARISON_MIN_TURNS && up.turns >= COMPARISON_MIN_TURNS;
  const comparison = comparable ? compareStaffWithUp(staff.kmMedianHours, up.kmMedianHours) : null;
  const leader = props.report.user.directReports > 0;
  // Audiences nobody asked from are left out, except staff for a leader: silence from staff is news.
  const shown = audienceOrder.filter((a: Audience) => byAudience[a].turns > 0 || (a === "staff" && leader));
  return (
    <section className={styles.section} aria-labelledby="headline-heading">
      <Subtitle1 as="h3" id="headline-heading" className={styles.heading}>
        Your reply time
      </Subtitle1>
      <Caption1>
        Median working hours until you answer a request (Kaplan–Meier: unanswered requests count for as long
        as they have waited).
      </Caption1>
      {comparison && (
        <div
          className={mergeClasses(
            styles.comparison,
            comparison.direction === "longer" && styles.longer,
            comparison.direction === "same" && styles.same,
            comparison.direction === "less" && styles.less,
          )}
        >
          <Text as="p" size={400} weight="semibold">
            {comparison.sentence}.
          </Text>
          <Caption1 as="p">
            Staff {kmText(staff.kmMedianHours)} against {kmText(up.kmMedianHours)} for your manager and above,
            over {plural(staff.turns, "turn")} and {plural(up.turns, "turn")}.
          </Caption1>
        </div>
      )}
      <ul className={styles.grid} aria-label="Reply time by audience">
        <li>
          <FigureCard label="Everyone" stats={overall} overall />
        </li>
        {shown.map((a) => (
          <li key={a}>
            <FigureCard label={audienceLabel[a]} stats={byAudience[a]} />
          </li>
        ))}
      </ul>
    </section>
  );
}
