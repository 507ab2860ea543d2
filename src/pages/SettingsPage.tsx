import { Body1, makeStyles, Title3, tokens } from "@fluentui/react-components";
import { ErrorState, Loading } from "../app/states";
import { AnalysisSettings } from "./settings/AnalysisSettings";
import { DataAccess } from "./settings/DataAccess";
import { DeleteMyData } from "./settings/DeleteMyData";
import { HiddenContacts } from "./settings/HiddenContacts";
import { usePreferences } from "./settings/usePreferences";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    maxWidth: "960px",
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

/** Settings & privacy: the user's own settings, what Orbit reads and why, hidden people, delete my data. */
export function SettingsPage() {
  const styles = useStyles();
  const store = usePreferences();
  const { resource } = store;
  return (
    <section className={styles.page} aria-labelledby="settings-title">
      <div className={styles.heading}>
        <Title3 as="h2" id="settings-title">
          Settings &amp; privacy
        </Title3>
        <Body1 as="p" className={styles.lead}>
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
