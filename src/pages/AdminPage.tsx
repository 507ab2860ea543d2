import { Body1, makeStyles, mergeClasses, Title3 } from "@fluentui/react-components";
import { useCallback, useState } from "react";
import { ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { usePageStyles } from "../ui/page";
import { AuditLog } from "./admin/AuditLog";
import type { SettingsAnswer } from "./admin/answers";
import { OptOutList } from "./admin/OptOutList";
import { OrgViews } from "./admin/OrgViews";
import { SettingsForm } from "./admin/SettingsForm";
import { SyncHealth } from "./admin/SyncHealth";

// The shared page frame, no wider than this page's forms and tables read well.
const useStyles = makeStyles({ width: { maxWidth: "1200px", width: "100%" } });

/** The admin console (Orbit.Admin only): tenant settings, opt-outs, sync health, org views, audit log. */
export function AdminPage() {
  const styles = useStyles();
  const layout = usePageStyles();
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
    <section className={mergeClasses(layout.page, styles.width)} aria-labelledby="admin-title">
      <div className={layout.heading}>
        <Title3 as="h2" id="admin-title">
          Admin
        </Title3>
        <Body1 as="p" className={layout.lead}>
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
