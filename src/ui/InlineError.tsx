import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({ bar: { marginTop: tokens.spacingVerticalM } });

/** A dialog's own failure message (the server's reason, e.g. why a change cannot apply). */
export function InlineError(props: { title: string; message: string }) {
  const styles = useStyles();
  return (
    <MessageBar className={styles.bar} intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        {props.message}
      </MessageBarBody>
    </MessageBar>
  );
}
