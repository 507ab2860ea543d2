import { Body1, makeStyles, mergeClasses, Title3 } from "@fluentui/react-components";
import { ErrorState, Loading } from "../app/states";
import { usePageStyles } from "../ui/page";
import { AnalysisSettings } from "./settings/AnalysisSettings";
import { DataAccess } from "./settings/DataAccess";
import { DeleteMyData } from "./settings/DeleteMyData";
import { HiddenContacts } from "./settings/HiddenContacts";
import { usePreferences } from "./settings/usePreferences";

// The shared page frame, no wider than this page's forms and tables read well.
const useStyles = makeStyles({ width: { maxWidth: "960px", width: "100%" } });

/** Settings & privacy: the user's own settings, what Orbit reads and why, hidden people, delete my data. */
export function SettingsPage() {
  const styles = useStyles();
  const layout = usePageStyles();
  const store = usePreferences();
  const { resource } = store;
  return (
    <section className={mergeClasses(layout.page, styles.width)} aria-labelledby="settings-title">
      <div className={layout.heading}>
        <Title3 as="h2" id="settings-title">
          Settings &amp; privacy
        </Title3>
        <Body1 as="p" className={layout.lead}>
          Your own settings, what Orbit reads from Microsoft 365 and why, and how to delete what it keeps.
          Only you see your insights.
        </Body1>
      </div>
      {resource.state === "loading" && <Loading label="Loading your settings…" />}
      {resource.state === "error" && (
        <ErrorState
          title="Your settings could not be loaded"
          message={resource.message}
          onRetry={resource.reload}
        />
      )}
      {resource.state === "ready" && (
        <>
          <AnalysisSettings answer={resource.value} store={store} />
          <HiddenContacts hiddenIds={resource.value.preferences.hiddenContactIds} store={store} />
        </>
      )}
      <DataAccess />
      <DeleteMyData />
    </section>
  );
}
