import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  Spinner,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import type { Sentiment, StakeholderNote } from "../../app/api";
import { SentimentTag, sentimentOrder } from "../../ui/sentiment";
import { fullDate, relativeTime } from "./format";

export interface Draft {
  sentiment: Sentiment;
  note: string;
}

const NOTE_MAX = 500;

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  choices: {
    display: "grid",
    gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
    columnGap: tokens.spacingHorizontalS,
  },
  actions: { display: "flex", alignItems: "center", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  status: { color: tokens.colorNeutralForeground3 },
});

/**
 * The card's sentiment and note, edited in place: a radio group (badge and word per choice, never
 * colour alone) and a note of at most 500 characters; Save puts both. Unsaved edits live in the page
 * (`draft`), so pointing at someone else and back loses nothing.
 */
export function SentimentEditor(props: {
  personId: string;
  name: string;
  note: StakeholderNote | undefined;
  draft: Draft | undefined;
  onDraft: (personId: string, draft: Draft | undefined) => void;
  onSave: (personId: string, value: Draft) => Promise<unknown>;
}) {
  const styles = useStyles();
  const { personId, note, onDraft } = props;
  const saved: Draft = { sentiment: note?.sentiment ?? "unknown", note: note?.note ?? "" };
  const value = props.draft ?? saved;
  const dirty = value.sentiment !== saved.sentiment || value.note.trim() !== saved.note;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [justSaved, setJustSaved] = useState(false);

  const change = (next: Draft) => {
    setJustSaved(false);
    setError(null);
    const same = next.sentiment === saved.sentiment && next.note === saved.note;
    onDraft(personId, same ? undefined : next);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || saving) return;
    setSaving(true);
    setError(null);
    try {
      await props.onSave(personId, value);
      onDraft(personId, undefined);
      setJustSaved(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label={`Sentiment and note about ${props.name}`}>
      <Field label="Sentiment">
        <RadioGroup
          className={styles.choices}
          value={value.sentiment}
          onChange={(_e, data) => change({ ...value, sentiment: data.value as Sentiment })}
        >
          {sentimentOrder.map((s) => (
            <Radio key={s} value={s} label={<SentimentTag sentiment={s} />} />
          ))}
        </RadioGroup>
      </Field>
      <Field
        label="Note"
        hint={`${value.note.length} of ${NOTE_MAX} characters. Only you see it.`}
        validationState={error ? "error" : "none"}
      >
        <Textarea
          value={value.note}
          maxLength={NOTE_MAX}
          resize="vertical"
          rows={3}
          placeholder="What you heard from them, what to follow up…"
          onChange={(_e, data) => change({ ...value, note: data.value })}
        />
      </Field>
      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>Not saved: {error}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={!dirty || saving}>
          Save
        </Button>
        {saving && <Spinner size="extra-tiny" label="Saving…" />}
        <Caption1 className={styles.status} role="status">
          {justSaved && !dirty ? "Saved. " : ""}
          {dirty && !saving ? "Unsaved changes. " : ""}
          {note ? (
            <>
              Last set{" "}
              <time dateTime={note.updatedAt} title={fullDate(note.updatedAt)}>
                {relativeTime(note.updatedAt)}
              </time>
            </>
          ) : (
            "Not set yet"
          )}
        </Caption1>
      </div>
    </form>
  );
}
