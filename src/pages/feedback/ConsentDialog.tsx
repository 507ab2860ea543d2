import { Body1, makeStyles } from "@fluentui/react-components";
import { ConsentDialog as AskConsent } from "../../ui/ConsentDialog";

const useStyles = makeStyles({ text: { margin: 0 } });

/** The consent step before sending the first request: why Orbit needs Mail.Send. */
export function ConsentDialog(props: {
  open: boolean;
  scopes: readonly string[];
  busy: boolean;
  error: string | null;
  onAllow: () => void;
  onCancel: () => void;
}) {
  const styles = useStyles();
  return (
    <AskConsent
      open={props.open}
      title="Allow Orbit to send mail as you?"
      allowLabel="Allow and send"
      busyLabel="Sending…"
      failedTitle="Nothing was sent"
      busy={props.busy}
      error={props.error}
      onAllow={props.onAllow}
      onCancel={props.onCancel}
    >
      <Body1 as="p" className={styles.text}>
        Each person gets your request as a mail from your own mailbox, so it is in your Sent Items and they
        know it is from you. For that Orbit needs your permission to send mail as you (
        {props.scopes.join(", ")}). It asks once, now that you send your first request.
      </Body1>
      <Body1 as="p" className={styles.text}>
        Orbit sends only the requests you ask it to, and still reads no message contents.
      </Body1>
    </AskConsent>
  );
}
