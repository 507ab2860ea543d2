import {
  Body1,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Spinner,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  empty: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXL,
    "& > *": { margin: 0 },
  },
});

/** Every page's three other faces: loading, nothing to show yet, and something went wrong. */
export function Loading(props: { label: string }) {
  return <Spinner label={props.label} labelPosition="below" />;
}

export function EmptyState(props: { title: string; children: ReactNode; action?: ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.empty} aria-live="polite">
      <Subtitle2 as="h2">{props.title}</Subtitle2>
      <Body1 as="p">{props.children}</Body1>
      {props.action}
    </section>
  );
}

export function ErrorState(props: { title: string; message: string; onRetry?: () => void }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        {props.message}
      </MessageBarBody>
      {props.onRetry && (
        <MessageBarActions>
          <Button onClick={props.onRetry}>Try again</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
