import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  // Always in the page (a live region must exist before it speaks); empty, it takes no height.
  status: { margin: 0, color: tokens.colorNeutralForeground2 },
  error: { margin: 0, color: tokens.colorPaletteRedForeground1 },
});

/** What an edit did, or why it did not, said aloud (role="status") and shown in red when it failed. */
export function StatusLine(props: { error?: boolean; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Caption1 as="p" role="status" className={props.error ? styles.error : styles.status}>
      {props.children}
    </Caption1>
  );
}

export type Outcome = { error: boolean; text: string };
export const noOutcome: Outcome = { error: false, text: "" };
