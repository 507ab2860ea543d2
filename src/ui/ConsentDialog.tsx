import {
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
import type { ReactNode } from "react";
import { InlineError } from "./InlineError";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/**
 * The step before an incremental-consent prompt (src/app/consent.ts): says why Orbit needs the
 * permission, and asks here so the consent pop-up that follows opens from the user's own click. Stays
 * open with the reason when granting or the retried call fails. The caller gives the wording.
 */
export function ConsentDialog(props: {
  open: boolean;
  title: string;
  /** The explanation: why the permission, and what Orbit does (and does not do) with it. */
  children: ReactNode;
  allowLabel: string;
  busyLabel: string;
  /** The error's title: what did not happen. */
  failedTitle: string;
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
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={styles.content}>
            {props.children}
            {props.error && <InlineError title={props.failedTitle} message={props.error} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onCancel} disabled={props.busy}>
              Not now
            </Button>
            <Button appearance="primary" onClick={props.onAllow} disabled={props.busy}>
              {props.busy ? props.busyLabel : props.allowLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
