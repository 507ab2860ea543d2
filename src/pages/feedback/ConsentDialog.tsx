import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { InlineError } from "../../ui/InlineError";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  text: { margin: 0 },
});

/**
 * The consent step before sending the first request: why Orbit needs Mail.Send, asked here so the
 * consent pop-up that follows opens from the user's own click. Stays open with the reason when granting
 * or sending fails.
 */
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
    <Dialog open={props.open} modalType="alert" onOpenChange={(_e, data) => !data.open && props.onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Allow Orbit to send mail as you?</DialogTitle>
          <DialogContent className={styles.content}>
            <Body1 as="p" className={styles.text}>
              Each person gets your request as a mail from your own mailbox, so it is in your Sent Items and
              they know it is from you. For that Orbit needs your permission to send mail as you (
              {props.scopes.join(", ")}). It asks once, now that you send your first request.
            </Body1>
            <Body1 as="p" className={styles.text}>
              Orbit sends only the requests you ask it to, and still reads no message contents.
            </Body1>
            {props.error && <InlineError title="Nothing was sent" message={props.error} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onCancel} disabled={props.busy}>
              Not now
            </Button>
            <Button appearance="primary" onClick={props.onAllow} disabled={props.busy}>
              {props.busy ? "Sending…" : "Allow and send"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
