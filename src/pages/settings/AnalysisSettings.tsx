import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  SpinButton,
  type SpinButtonOnChangeData,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import type { Preferences } from "../../app/api";
import { Section } from "./Section";
import type { PreferencesAnswer, PreferencesStore } from "./usePreferences";

type ThresholdName = keyof Preferences["thresholds"];
type Thresholds = Record<ThresholdName, number | null>;

/** The responsiveness flags' thresholds (docs/metrics/responsiveness.md); factors are ratios. */
const thresholdFields: { name: ThresholdName; label: string; hint: string; factor: boolean }[] = [
  {
    name: "staffSlowerThanUpFactor",
    label: "Slower to your team than upward (×)",
    hint: "Flag when your replies to your team take this many times as long as to your manager.",
    factor: true,
  },
  {
    name: "staffSlowerThanUpMinTurns",
    label: "Slower to your team: minimum replies each way",
    hint: "Fewer replies than this are too few to judge.",
    factor: false,
  },
  {
    name: "staffOverTargetMinTurns",
    label: "Team replies over target: minimum replies",
    hint: "Flag a typical reply to your team over your target only from this many replies on.",
    factor: false,
  },
  {
    name: "slowToReportFactor",
    label: "Slow to one report (×)",
    hint: "Flag a direct report you answer this many times as slowly as your team overall.",
    factor: true,
  },
  {
    name: "slowToReportMinTurns",
    label: "Slow to one report: minimum replies to them",
    hint: "Fewer replies than this are too few to judge.",
    factor: false,
  },
];

const MIN_TARGET = 1;
const MAX_TARGET = 200;

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  group: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > h4": { margin: 0 } },
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
  const [thresholds, setThresholds] = useState<Thresholds>(preferences.thresholds);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  useEffect(() => {
    setWindowDays(preferences.windowDays);
    setTargetHours(preferences.targetHours);
    setThresholds(preferences.thresholds);
  }, [preferences.windowDays, preferences.targetHours, preferences.thresholds]);

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
  const thresholdProblems = Object.fromEntries(
    thresholdFields.map(({ name, factor }) => {
      const value = thresholds[name];
      const range = bounds.thresholds[name];
      const bad =
        value === null ||
        Number.isNaN(value) ||
        (!factor && !Number.isInteger(value)) ||
        value < range.min ||
        value > range.max;
      return [
        name,
        bad ? `${factor ? "A number" : "A whole number"} from ${range.min} to ${range.max}.` : null,
      ];
    }),
  ) as Record<ThresholdName, string | null>;
  const changed =
    windowDays !== preferences.windowDays ||
    targetHours !== preferences.targetHours ||
    thresholdFields.some(({ name }) => thresholds[name] !== preferences.thresholds[name]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (windowProblem || targetProblem || windowDays === null || targetHours === null) return;
    if (Object.values(thresholdProblems).some((p) => p !== null)) return;
    setSaving(true);
    setOutcome(null);
    try {
      const saved = await props.store.update((current) => ({
        ...current,
        windowDays,
        targetHours,
        // Checked just above: every threshold is a number in its range.
        thresholds: thresholds as Preferences["thresholds"],
      }));
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
      lead="How far back Orbit looks, how quickly you aim to answer, and when a pattern is worth flagging. They change the figures on your map and in Responsiveness."
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
        <div className={styles.group}>
          <Subtitle2 as="h4">When Responsiveness flags a pattern</Subtitle2>
          <div className={styles.fields}>
            {thresholdFields.map(({ name, label, hint, factor }) => {
              const range = bounds.thresholds[name];
              return (
                <Field
                  key={name}
                  label={label}
                  hint={`${hint} Your organisation allows ${range.min}–${range.max}.`}
                  validationState={thresholdProblems[name] ? "error" : "none"}
                  validationMessage={thresholdProblems[name] ?? undefined}
                >
                  <SpinButton
                    value={thresholds[name]}
                    min={range.min}
                    max={range.max}
                    step={factor ? 0.1 : 1}
                    precision={factor ? 1 : 0}
                    onChange={(_e, data) => setThresholds((t) => ({ ...t, [name]: spinValue(data) }))}
                  />
                </Field>
              );
            })}
          </div>
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
              setThresholds(preferences.thresholds);
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
