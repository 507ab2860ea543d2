import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { GroupEditor } from "./useGroupEditor";

const useStyles = makeStyles({
  // Kept in view while scrolling: a change made far down the page still shows its outcome.
  sticky: {
    position: "sticky",
    top: tokens.spacingVerticalS,
    zIndex: 1,
    boxShadow: tokens.shadow8,
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  live: { display: "contents" },
});

/** The outcome of the last change: success (with Undo), the server's reason it failed, or nothing to undo. */
export function EditStatusBar(props: { editor: GroupEditor }) {
  const styles = useStyles();
  const { status, busy } = props.editor;
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (status?.focus) bar.current?.focus();
  }, [status]);
  return (
    // One live region that stays in the page, so each new message is announced.
    <div className={styles.live} role="status" aria-live="polite">
      {status && (
        <div className={styles.sticky} ref={bar} tabIndex={-1}>
          <MessageBar intent={status.intent}>
            <MessageBarBody>
              <MessageBarTitle>{status.title}</MessageBarTitle>
              {status.text}
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button appearance="transparent" size="small" onClick={props.editor.dismiss}>
                  Dismiss
                </Button>
              }
            >
              {status.undoable && (
                <Button disabled={busy} onClick={() => void props.editor.undo()}>
                  Undo
                </Button>
              )}
            </MessageBarActions>
          </MessageBar>
        </div>
      )}
    </div>
  );
}
