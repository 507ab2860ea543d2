import {
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Title2,
  tokens,
} from "@fluentui/react-components";
import type { Preferences } from "../app/api";
import { useReport } from "../app/report";
import { useSession } from "../app/session";
import { EmptyState, ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { DirectReports } from "./responsiveness/DirectReports";
import { Flags } from "./responsiveness/Flags";
import { formatDate } from "./responsiveness/format";
import { Headline } from "./responsiveness/Headline";
import { MeetingHabits } from "./responsiveness/MeetingHabits";
import { TrendChart } from "./responsiveness/TrendChart";
import { WaitingList } from "./responsiveness/WaitingList";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXL,
    maxWidth: "1200px",
    width: "100%",
  },
  intro: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, "& > *": { margin: 0 } },
});

/**
 * Responsiveness: how quickly you answer the people who ask you for something, by audience and week;
 * who is waiting; for leaders, staff against manager, each direct report with their 1:1s, and the
 * flags with their evidence.
 */
export function ResponsivenessPage() {
  const styles = useStyles();
  const report = useReport();
  const { host } = useSession();
  const preferences = useResource<{ preferences: Preferences }>("/api/preferences");
  const locale = host.locale;

  if (report.state === "loading") return <Loading label="Working out your reply times…" />;
  if (report.state === "error")
    return (
      <ErrorState
        title="Your reply times could not be loaded"
        message={report.message}
        onRetry={report.reload}
      />
    );

  const r = report.value;
  const leader = r.user.directReports > 0;
  const targetHours =
    preferences.state === "ready"
      ? preferences.value.preferences.targetHours
      : (r.responsiveness.flags.find((f) => f.kind === "staffOverTarget" || f.kind === "staffWaiting")
          ?.evidence.targetHours ?? null);
  const windowEnd = formatDate(new Date(Date.parse(r.asOf) - 1).toISOString().slice(0, 10), locale);

  return (
    <div className={styles.page}>
      <header className={styles.intro}>
        <Title2 as="h2">Responsiveness</Title2>
        <Caption1 as="p">
          The last {r.windowDays} days to {windowEnd}. Hours are your working hours ({r.user.timeZone}
          {r.user.workingTimeFallback ? `: ${r.user.workingTimeFallback}` : ""}); time out of office does not
          count.
        </Caption1>
      </header>
      {!leader && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>No leader sections</MessageBarTitle>
            The directory lists no direct reports for you, so the parts for people who lead a team are left
            out: your staff against your manager, each direct report's reply time and 1:1s, after-hours mail
            to staff, and the flags. They appear once someone's manager in the directory is you.
          </MessageBarBody>
        </MessageBar>
      )}
      {r.responsiveness.overall.turns === 0 ? (
        <EmptyState title="No requests to you yet">
          Nobody has asked you for a reply in the last {r.windowDays} days, as far as your synced mail shows:
          a request is a message to you in To, from a person, to at most 10 people. If your mail is still
          syncing, the figures appear when it is done.
        </EmptyState>
      ) : (
        <>
          <Headline report={r} />
          {leader && <Flags report={r} locale={locale} />}
          <TrendChart
            trend={r.responsiveness.weeklyTrend}
            leader={leader}
            targetHours={targetHours}
            locale={locale}
          />
        </>
      )}
      {leader && <DirectReports report={r} locale={locale} />}
      {r.responsiveness.overall.turns > 0 && (
        <WaitingList report={r} targetHours={targetHours} locale={locale} />
      )}
      <MeetingHabits report={r} />
    </div>
  );
}
