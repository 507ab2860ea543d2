import { Body1, makeStyles, Title3, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { consentOutcome, reportConsentOutcome } from "./consent-outcome";
import { ErrorState, Loading } from "./states";

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    boxSizing: "border-box",
    padding: tokens.spacingHorizontalXXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    "& > h1, & > p": { margin: 0 },
  },
});

/**
 * `/auth-end?outcome=…`: the last page of the consent pop-up. It tells the host how consent ended and
 * the host closes it; what it shows is for the moment before that, or for when no host answers (the
 * page opened on its own), where the person closes it themselves.
 */
export function ConsentEnd() {
  const styles = useStyles();
  const outcome = consentOutcome(window.location.search);
  const [reporting, setReporting] = useState<"busy" | "done" | { failed: string }>("busy");
  useEffect(() => {
    reportConsentOutcome(window.location.search).then(
      () => setReporting("done"),
      (error: Error) => setReporting({ failed: error.message }),
    );
  }, []);
  return (
    <main className={styles.page}>
      <Title3 as="h1">Microsoft 365 permissions</Title3>
      {outcome.ok ? (
        <Body1 as="p">Permission granted.</Body1>
      ) : (
        <ErrorState title="Permission not granted" message={outcome.reason} />
      )}
      {reporting === "busy" && <Loading label="Returning to Orbit…" />}
      {reporting === "done" && <Body1 as="p">This window closes by itself.</Body1>}
      {typeof reporting === "object" && (
        <Body1 as="p">
          Close this window and go back to Orbit. (It could not reach Teams: {reporting.failed})
        </Body1>
      )}
    </main>
  );
}
