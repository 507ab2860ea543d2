import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, type ReactElement, type ReactNode, useState } from "react";
import { InlineError } from "../../ui/InlineError";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/**
 * A group edit's dialog: the button that opens it, a form with Cancel and a primary submit button, and
 * the server's reason in the dialog when the edit fails (it stays open so nothing typed is lost).
 * `touched` turns true on the first submit, so fields show what is missing only once it matters.
 */
export function EditDialog(props: {
  /** The button that opens the dialog. */
  trigger: ReactElement;
  title: ReactNode;
  submitLabel: string;
  submitDisabled?: boolean;
  /** The heading of the failure message, e.g. "The group was not renamed". */
  failedTitle: string;
  /** Puts the fields back to their starting values; called each time the dialog opens. */
  onOpen: () => void;
  /**
   * Sends the edit: undefined when the form is not complete (nothing sent, the fields say why), else
   * the edit's failure message, or null once it applied (the dialog closes).
   */
  onSubmit: () => Promise<string | null> | undefined;
  children: (touched: boolean) => ReactNode;
}) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      props.onOpen();
      setTouched(false);
      setError(null);
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const sent = props.onSubmit();
    if (!sent) return;
    const failure = await sent;
    if (failure) setError(failure);
    else setOpen(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => onOpenChange(data.open)}>
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogContent className={styles.content}>
              {props.children(touched)}
              {error && <InlineError title={props.failedTitle} message={error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>Cancel</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={props.submitDisabled}>
                {props.submitLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
