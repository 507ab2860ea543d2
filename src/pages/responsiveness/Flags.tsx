import { Body1, Caption1, makeStyles, Subtitle1, Text, tokens } from "@fluentui/react-components";
import type { Report } from "../../app/api";
import { formatHours, kmText, plural } from "../../ui/format";
import { formatDate, peopleById } from "./format";

type Flag = Report["responsiveness"]["flags"][number];

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  list: {
    margin: 0,
    padding: 0,
    listStyleType: "none",
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(360px, 100%), 1fr))",
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteMarigoldBorderActive}`,
    boxShadow: tokens.shadow2,
    "& > *": { margin: 0 },
  },
  kind: {
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorNeutralForeground3,
  },
});

type Names = ReturnType<typeof peopleById>;

/** A flag as a headline and its evidence in plain words (the numbers it was computed from). */
export function describeFlag(flag: Flag, names: Names, locale?: string): { title: string; evidence: string } {
  const name = (id: string) => names.get(id)?.displayName ?? id;
  switch (flag.kind) {
    case "staffSlowerThanUp": {
      const e = flag.evidence;
      return {
        title: "Your staff wait much longer for you than your manager does",
        evidence: `staff median ${kmText(e.staffKmMedianHours)} vs your manager ${kmText(e.upKmMedianHours)} (factor ${e.factor}, ${e.staffTurns} and ${e.upTurns} turns)`,
      };
    }
    case "staffOverTarget": {
      const e = flag.evidence;
      return {
        title: "Your staff wait longer than your reply-time target",
        evidence: `staff median ${kmText(e.staffKmMedianHours)} vs target ${formatHours(e.targetHours)} (${e.staffTurns} staff turns, at least ${e.minTurns} needed)`,
      };
    }
    case "staffWaiting": {
      const e = flag.evidence;
      return {
        title: "Some of your staff are waiting on you",
        evidence: `${plural(e.waitingTurns, "staff request")} unanswered for more than ${formatHours(e.targetHours)}; the oldest has waited ${formatHours(e.oldestAgeHours)}`,
      };
    }
    case "slowToReport": {
      const e = flag.evidence;
      return {
        title: `You answer ${name(e.personId)} much slower than others`,
        evidence: `${name(e.personId)}: median ${kmText(e.kmMedianHours)} vs your overall ${kmText(e.overallKmMedianHours)} (factor ${e.factor}, ${plural(e.turns, "turn")})`,
      };
    }
    case "oneOnOneGap": {
      const e = flag.evidence;
      return {
        title: `No 1:1 with ${name(e.personId)} in ${e.gapDays} days`,
        evidence: `${name(e.personId)}: ${e.lastDate ? `last 1:1 on ${formatDate(e.lastDate, locale)}` : "no 1:1 in the window"}, ${plural(e.heldInWindow, "1:1")} held in the window`,
      };
    }
  }
}

/** Every flag, with the numbers behind it. */
export function Flags(props: { report: Report; locale?: string }) {
  const styles = useStyles();
  const { flags } = props.report.responsiveness;
  const names = peopleById(props.report);
  return (
    <section className={styles.section} aria-labelledby="flags-heading">
      <Subtitle1 as="h3" id="flags-heading" className={styles.heading}>
        Flags
      </Subtitle1>
      {flags.length === 0 ? (
        <Body1 as="p">
          No flags: your staff do not wait markedly longer than your manager or past your target, and every
          direct report had a 1:1 in the last 30 days.
        </Body1>
      ) : (
        <ul className={styles.list}>
          {flags.map((flag, i) => {
            const { title, evidence } = describeFlag(flag, names, props.locale);
            return (
              // Flags have no id; their order is stable within one report.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={`${flag.kind}-${i}`} className={styles.item}>
                <Text as="p" weight="semibold">
                  {title}
                </Text>
                <Body1 as="p">{evidence}</Body1>
                <Caption1 as="p" className={styles.kind}>
                  {flag.kind}
                </Caption1>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
