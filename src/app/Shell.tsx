import {
  Button,
  Caption1,
  CounterBadge,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Tab,
  TabList,
  Title3,
  tokens,
} from "@fluentui/react-components";
import { lazy, type ReactNode, Suspense } from "react";
import { isAdmin } from "../pages/admin/roles";
import { visuallyHidden } from "../ui/visually-hidden";
import { AskedOfMeProvider, openRequests, useAskedOfMe } from "./asked-of-me";
import { ReportProvider, useReport } from "./report";
import { navigate } from "./router";
import { SyncStatus } from "./SyncStatus";
import { useSession } from "./session";
import { Loading } from "./states";

// Each page is its own chunk: opening the tab loads the shell and the page shown, not all four.
const MapPage = lazy(() => import("../pages/MapPage").then((m) => ({ default: m.MapPage })));
const GroupsPage = lazy(() => import("../pages/GroupsPage").then((m) => ({ default: m.GroupsPage })));
const ResponsivenessPage = lazy(() =>
  import("../pages/ResponsivenessPage").then((m) => ({ default: m.ResponsivenessPage })),
);
const FeedbackPage = lazy(() => import("../pages/FeedbackPage").then((m) => ({ default: m.FeedbackPage })));
const SettingsPage = lazy(() => import("../pages/SettingsPage").then((m) => ({ default: m.SettingsPage })));
const GamePlanPage = lazy(() => import("../pages/GamePlanPage").then((m) => ({ default: m.GamePlanPage })));
const OrganisationPage = lazy(() =>
  import("../pages/OrganisationPage").then((m) => ({ default: m.OrganisationPage })),
);
const AdminPage = lazy(() => import("../pages/AdminPage").then((m) => ({ default: m.AdminPage })));

/** The tab's pages, in the order of the product brief. */
export const tabPages: {
  path: string;
  label: string;
  render: () => ReactNode;
  adminOnly?: boolean;
  /** For admins and leaders (people with direct reports, as the report says). */
  leadersToo?: boolean;
}[] = [
  { path: "/tab/map", label: "Map", render: () => <MapPage /> },
  { path: "/tab/groups", label: "Groups", render: () => <GroupsPage /> },
  { path: "/tab/responsiveness", label: "Responsiveness", render: () => <ResponsivenessPage /> },
  { path: "/tab/feedback", label: "Feedback", render: () => <FeedbackPage /> },
  { path: "/tab/gameplan", label: "Game plan", render: () => <GamePlanPage /> },
  { path: "/tab/settings", label: "Settings & privacy", render: () => <SettingsPage /> },
  {
    path: "/tab/organisation",
    label: "Organisation",
    render: () => <OrganisationPage />,
    adminOnly: true,
    leadersToo: true,
  },
  { path: "/tab/admin", label: "Admin", render: () => <AdminPage />, adminOnly: true },
];

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    boxSizing: "border-box",
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    display: "flex",
    flexDirection: "column",
  },
  header: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: { margin: 0 },
  // On a phone the tabs take a row of their own under the title and the account, and wrap there.
  nav: {
    minWidth: 0,
    maxWidth: "100%",
    "@media (max-width: 719px)": { order: 1, flexBasis: "100%" },
  },
  tabs: { flexWrap: "wrap" },
  badge: { marginInlineStart: tokens.spacingHorizontalXS, verticalAlign: "text-top" },
  hidden: visuallyHidden,
  spacer: { flexGrow: 1 },
  content: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
  },
});

/** Header, demo banner, sync progress and the page navigation around the current tab page. */
export function Shell(props: { path: string; demo: boolean }) {
  return (
    <ReportProvider>
      <AskedOfMeProvider>
        <ShellFrame {...props} />
      </AskedOfMeProvider>
    </ReportProvider>
  );
}

function ShellFrame(props: { path: string; demo: boolean }) {
  const styles = useStyles();
  const session = useSession();
  const report = useReport();
  const leader = report.state === "ready" && report.value.user.directReports > 0;
  const pages = tabPages.filter((p) => !p.adminOnly || isAdmin(session.token) || (p.leadersToo && leader));
  const current = pages.find((p) => props.path.startsWith(p.path)) ?? pages[0]!;
  const user = report.state === "ready" ? report.value.user : undefined;
  // Feedback requests colleagues are waiting for: counted on the Feedback tab, wherever the user is.
  const asked = openRequests(useAskedOfMe()).length;
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Title3 as="h1" className={styles.title}>
          Orbit
        </Title3>
        <nav aria-label="Orbit pages" className={styles.nav}>
          <TabList
            className={styles.tabs}
            selectedValue={current.path}
            onTabSelect={(_e, data) => navigate(String(data.value))}
          >
            {pages.map((p) => (
              <Tab key={p.path} value={p.path}>
                {p.label}
                {p.path === "/tab/feedback" && asked > 0 && (
                  <>
                    <CounterBadge className={styles.badge} count={asked} size="small" aria-hidden />
                    <span className={styles.hidden}>({asked} asked of you)</span>
                  </>
                )}
              </Tab>
            ))}
          </TabList>
        </nav>
        <span className={styles.spacer} />
        {user && <Caption1>{user.displayName}</Caption1>}
        {!session.host.inHost && (
          <Button appearance="subtle" onClick={session.signOut}>
            Sign out
          </Button>
        )}
      </header>
      <main className={styles.content}>
        {props.demo && (
          <MessageBar intent="warning">
            <MessageBarBody>
              <MessageBarTitle>Demo data</MessageBarTitle>A generated organisation, not your Microsoft 365
              data.
            </MessageBarBody>
          </MessageBar>
        )}
        <SyncStatus onFinished={report.reload} />
        <Suspense fallback={<Loading label={`Opening ${current.label}…`} />}>{current.render()}</Suspense>
      </main>
    </div>
  );
}
