import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  SpinButton,
  type SpinButtonOnChangeData,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { Section } from "./Section";
import type { PreferencesAnswer, PreferencesStore } from "./usePreferences";

const MIN_TARGET = 1;
const MAX_TARGET = 200;

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  fields: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 260px), 1fr))",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/** A SpinButton's number: stepped or typed (typed text arrives as displayValue, not value). */
const spinValue = (data: SpinButtonOnChangeData): number | null =>
  data.value !== undefined
    ? data.value
    : data.displayValue !== undefined && data.displayValue.trim() !== ""
      ? Number(data.displayValue)
      : null;

type Outcome = { intent: "success" | "error"; text: string } | null;

/** The analysis window (days, within the organisation's bounds) and the reply-time target (hours). */
export function AnalysisSettings(props: { answer: PreferencesAnswer; store: PreferencesStore }) {
  const styles = useStyles();
  const { preferences, bounds } = props.answer;
  const [windowDays, setWindowDays] = useState<number | null>(preferences.windowDays);
  const [targetHours, setTargetHours] = useState<number | null>(preferences.targetHours);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  useEffect(() => {
    setWindowDays(preferences.windowDays);
    setTargetHours(preferences.targetHours);
  }, [preferences.windowDays, preferences.targetHours]);

  const windowProblem =
    windowDays === null ||
    !Number.isInteger(windowDays) ||
    windowDays < bounds.minWindowDays ||
    windowDays > bounds.maxWindowDays
      ? `A whole number of days from ${bounds.minWindowDays} to ${bounds.maxWindowDays}.`
      : null;
  const targetProblem =
    targetHours === null || Number.isNaN(targetHours) || targetHours < MIN_TARGET || targetHours > MAX_TARGET
      ? `From ${MIN_TARGET} to ${MAX_TARGET} working hours.`
      : null;
  const changed = windowDays !== preferences.windowDays || targetHours !== preferences.targetHours;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (windowProblem || targetProblem || windowDays === null || targetHours === null) return;
    setSaving(true);
    setOutcome(null);
    try {
      const saved = await props.store.update((current) => ({ ...current, windowDays, targetHours }));
      setOutcome({
        intent: "success",
        text: `Your figures now cover the last ${saved.windowDays} days, with a reply-time target of ${saved.targetHours} working hours.`,
      });
    } catch (error) {
      setOutcome({ intent: "error", text: (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Section
      title="Analysis"
      lead="How far back Orbit looks, and how quickly you aim to answer. Both change every figure on your map and in Responsiveness."
    >
      <form className={styles.form} onSubmit={save} noValidate>
        <div className={styles.fields}>
          <Field
            label="Analysis window (days)"
            validationState={windowProblem ? "error" : "none"}
            validationMessage={windowProblem ?? undefined}
            hint={`The last ${bounds.minWindowDays}–${bounds.maxWindowDays} days; 90 unless you change it.`}
          >
            <SpinButton
              value={windowDays}
              min={bounds.minWindowDays}
              max={bounds.maxWindowDays}
              step={1}
              onChange={(_e, data) => setWindowDays(spinValue(data))}
            />
          </Field>
          <Field
            label="Reply-time target (working hours)"
            validationState={targetProblem ? "error" : "none"}
            validationMessage={targetProblem ?? undefined}
            hint="A message older than this without your reply counts as waiting on you; 8 unless you change it."
          >
            <SpinButton
              value={targetHours}
              min={MIN_TARGET}
              max={MAX_TARGET}
              step={1}
              onChange={(_e, data) => setTargetHours(spinValue(data))}
            />
          </Field>
        </div>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </Button>
          <Button
            disabled={saving || !changed}
            onClick={() => {
              setWindowDays(preferences.windowDays);
              setTargetHours(preferences.targetHours);
            }}
          >
            Discard changes
          </Button>
        </div>
        <div role="status">
          {outcome && (
            <MessageBar intent={outcome.intent}>
              <MessageBarBody>
                <MessageBarTitle>{outcome.intent === "success" ? "Saved" : "Not saved"}</MessageBarTitle>
                {outcome.text}
              </MessageBarBody>
            </MessageBar>
          )}
        </div>
      </form>
    </Section>
  );
}
