import { Body1, Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ErrorState, Loading } from "../../app/states";
import { useResource } from "../../app/useResource";
import { plural } from "../../ui/format";
import { Section } from "../settings/Section";
import type { SyncHealth as Health } from "./answers";

const useStyles = makeStyles({
  tiles: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 140px), 1fr))",
    gap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
  },
  tile: {
    display: "flex",
    flexDirection: "column-reverse",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    "& > dd": { margin: 0, fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700 },
    "& > dt": { color: tokens.colorNeutralForeground2 },
  },
  attention: { border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusWarningBorder2}` },
  foot: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The statuses in the order an admin reads them: what is fine, then what needs a look. */
const statuses = (staleHours: number) =>
  [
    ["upToDate", "Up to date", `Last sync succeeded within ${staleHours} h`],
    ["syncing", "Syncing now", ""],
    ["stale", "Stale", `Last success over ${staleHours} h ago`],
    ["partial", "Partly synced", "A folder kept failing; retried next time"],
    ["failed", "Failed", "The last sync failed"],
    ["neverSynced", "Never synced", "Opened Orbit, no sync finished yet"],
  ] as const;

/** How every user's sync stands, as counts: who it is stays with each user. */
export function SyncHealth() {
  const styles = useStyles();
  const health = useResource<Health>("/api/admin/sync-health");
  return (
    <Section
      title="Sync health"
      lead="How everyone's sync stands, counted by status. Details of a failure are shown only to the person it concerns."
    >
      {health.state === "loading" && <Loading label="Counting syncs…" />}
      {health.state === "error" && (
        <ErrorState
          title="Sync health could not be loaded"
          message={health.message}
          onRetry={health.reload}
        />
      )}
      {health.state === "ready" && health.value.users === 0 && (
        <Body1 as="p" className={styles.muted}>
          Nobody has opened Orbit yet, so there is no sync to report.
        </Body1>
      )}
      {health.state === "ready" && health.value.users > 0 && (
        <>
          <dl className={styles.tiles} aria-label="Users by sync status">
            {statuses(health.value.staleAfterHours).map(([key, label, hint]) => {
              const n = health.value.counts[key];
              const warn = n > 0 && (key === "failed" || key === "partial" || key === "stale");
              return (
                <div key={key} className={mergeClasses(styles.tile, warn && styles.attention)} title={hint}>
                  <dt>{label}</dt>
                  <dd>{n}</dd>
                </div>
              );
            })}
          </dl>
          <div className={styles.foot}>
            <Body1 className={styles.muted}>
              {plural(health.value.users, "person", "people")} have opened Orbit · counted{" "}
              {new Date(health.value.checkedAt).toLocaleTimeString()}
            </Body1>
            <Button size="small" onClick={health.reload}>
              Count again
            </Button>
          </div>
        </>
      )}
    </Section>
  );
}
