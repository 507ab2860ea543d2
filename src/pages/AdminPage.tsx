import { Body1, makeStyles, Title3, tokens } from "@fluentui/react-components";
import { useCallback, useState } from "react";
import { ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { AuditLog } from "./admin/AuditLog";
import type { SettingsAnswer } from "./admin/answers";
import { OptOutList } from "./admin/OptOutList";
import { OrgViews } from "./admin/OrgViews";
import { SettingsForm } from "./admin/SettingsForm";
import { SyncHealth } from "./admin/SyncHealth";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    maxWidth: "1200px",
    width: "100%",
  },
  heading: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    "& > *": { margin: 0 },
  },
  lead: { color: tokens.colorNeutralForeground2, maxWidth: "72ch" },
});

/** The admin console (Orbit.Admin only): tenant settings, opt-outs, sync health, org views, audit log. */
export function AdminPage() {
  const styles = useStyles();
  const settings = useResource<SettingsAnswer>("/api/admin/settings");
  const [saved, setSaved] = useState<SettingsAnswer | null>(null);
  // Every attempt adds an audit entry, refused ones too; only a change can move the org views.
  const [attempts, setAttempts] = useState(0);
  const [changes, setChanges] = useState(0);
  const audited = useCallback((changed: boolean) => {
    setAttempts((n) => n + 1);
    if (changed) setChanges((n) => n + 1);
  }, []);
  const answer = saved ?? (settings.state === "ready" ? settings.value : null);

  return (
    <section className={styles.page} aria-labelledby="admin-title">
      <div className={styles.heading}>
        <Title3 as="h2" id="admin-title">
          Admin
        </Title3>
        <Body1 as="p" className={styles.lead}>
          Orbit's settings for the whole organisation, its opt-out list, how everyone's sync stands and
          aggregated org views. Every change is recorded in the audit log. You never see anyone's own insights
          here.
        </Body1>
      </div>
      {settings.state === "loading" && <Loading label="Loading the tenant settings…" />}
      {settings.state === "error" && (
        <ErrorState
          title="The tenant settings could not be loaded"
          message={settings.message}
          onRetry={settings.reload}
        />
      )}
      {answer && <SettingsForm answer={answer} onSaved={setSaved} onAudited={audited} />}
      <OptOutList onAudited={audited} />
      <SyncHealth />
      <OrgViews key={changes} />
      <AuditLog generation={attempts} />
    </section>
  );
}
