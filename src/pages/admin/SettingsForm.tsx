import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Subtitle2,
  Switch,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { useSession } from "../../app/session";
import { plural } from "../../ui/format";
import { Section } from "../settings/Section";
import type { Range, SettingsAnswer, TenantSettings } from "./answers";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  fields: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 220px), 1fr))",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
  },
  group: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > h4": { margin: 0 } },
  // A group of fields named by its legend (screen readers say which threshold "Default" belongs to).
  fieldset: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    border: "none",
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
  legend: { ...typographyStyles.body1Strong, padding: 0, marginBottom: tokens.spacingVerticalS },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

type ThresholdName = keyof TenantSettings["thresholds"];
type Feature = keyof TenantSettings["features"];
type ThresholdKey = `${ThresholdName}.${"default" | "min" | "max"}`;

/** The flags' thresholds, as the tab names them; factors are ratios, the rest counts of turns. */
const thresholdLabels: Record<ThresholdName, { label: string; factor: boolean }> = {
  staffSlowerThanUpFactor: { label: "Slower to your team than upward: by this factor", factor: true },
  staffSlowerThanUpMinTurns: { label: "Slower to your team than upward: minimum turns each", factor: false },
  staffOverTargetMinTurns: { label: "Team replies over target: minimum turns", factor: false },
  slowToReportFactor: { label: "Slow to one report: by this factor", factor: true },
  slowToReportMinTurns: { label: "Slow to one report: minimum turns", factor: false },
};
const thresholdNames = Object.keys(thresholdLabels) as ThresholdName[];

const featureLabels: Record<Feature, string> = {
  feedbackRequests: "Feedback requests",
  todoSync: "Microsoft To Do sync",
  export: "Downloads (Excel and CSV)",
};

/** The form's numbers, as typed (a field may be empty or half-typed while editing). */
type Draft = Record<NumberKey, string> & Pick<TenantSettings, "useSubjects" | "allowSelfOptOut" | "features">;
type NumberKey =
  | ThresholdKey
  | "minGroupSize"
  | "retentionDays"
  | "minAnonymousAnswers"
  | "windowDefault"
  | "windowMin"
  | "windowMax"
  | "targetDefault"
  | "targetMin"
  | "targetMax";

const draftOf = (s: TenantSettings): Draft => ({
  minGroupSize: String(s.minGroupSize),
  retentionDays: String(s.retentionDays),
  minAnonymousAnswers: String(s.minAnonymousAnswers),
  windowDefault: String(s.window.defaultDays),
  windowMin: String(s.window.minDays),
  windowMax: String(s.window.maxDays),
  targetDefault: String(s.target.defaultHours),
  targetMin: String(s.target.minHours),
  targetMax: String(s.target.maxHours),
  useSubjects: s.useSubjects,
  allowSelfOptOut: s.allowSelfOptOut,
  features: s.features,
  ...(Object.fromEntries(
    thresholdNames.flatMap((name) =>
      (["default", "min", "max"] as const).map((end) => [`${name}.${end}`, String(s.thresholds[name][end])]),
    ),
  ) as Record<ThresholdKey, string>),
});

const settingsOf = (d: Draft): TenantSettings => ({
  minGroupSize: Number(d.minGroupSize),
  retentionDays: Number(d.retentionDays),
  minAnonymousAnswers: Number(d.minAnonymousAnswers),
  useSubjects: d.useSubjects,
  allowSelfOptOut: d.allowSelfOptOut,
  window: {
    defaultDays: Number(d.windowDefault),
    minDays: Number(d.windowMin),
    maxDays: Number(d.windowMax),
  },
  target: {
    defaultHours: Number(d.targetDefault),
    minHours: Number(d.targetMin),
    maxHours: Number(d.targetMax),
  },
  thresholds: Object.fromEntries(
    thresholdNames.map((name) => [
      name,
      {
        default: Number(d[`${name}.default`]),
        min: Number(d[`${name}.min`]),
        max: Number(d[`${name}.max`]),
      },
    ]),
  ) as TenantSettings["thresholds"],
  features: d.features,
});

/** Each field's problem, the same rules the server enforces (it checks again and has the last word). */
function problemsOf(d: Draft, limits: SettingsAnswer["limits"]): Partial<Record<NumberKey, string>> {
  const problems: Partial<Record<NumberKey, string>> = {};
  const check = (key: NumberKey, range: Range, whole: boolean, unit: string) => {
    const n = Number(d[key]);
    if (
      d[key].trim() === "" ||
      Number.isNaN(n) ||
      (whole && !Number.isInteger(n)) ||
      n < range.min ||
      n > range.max
    )
      problems[key] = `${whole ? "A whole number" : "A number"} from ${range.min} to ${range.max}${unit}.`;
  };
  check("minGroupSize", limits.minGroupSize, true, " people");
  check("retentionDays", limits.retentionDays, true, " days");
  check("minAnonymousAnswers", limits.minAnonymousAnswers, true, " answers");
  for (const key of ["windowDefault", "windowMin", "windowMax"] as const)
    check(key, limits.windowDays, true, " days");
  for (const key of ["targetDefault", "targetMin", "targetMax"] as const)
    check(key, limits.targetHours, false, " hours");
  for (const name of thresholdNames) {
    const { factor } = thresholdLabels[name];
    for (const end of ["default", "min", "max"] as const)
      check(
        `${name}.${end}`,
        factor ? limits.thresholdFactor : limits.thresholdTurns,
        !factor,
        factor ? "×" : " turns",
      );
    const byDefault = `${name}.default` as const;
    const min = `${name}.min` as const;
    const max = `${name}.max` as const;
    if (!problems[byDefault] && !problems[min] && !problems[max]) {
      if (Number(d[min]) > Number(d[byDefault])) problems[min] = "No more than the default.";
      if (Number(d[max]) < Number(d[byDefault])) problems[max] = "No less than the default.";
    }
  }
  const s = settingsOf(d);
  if (!problems.windowDefault && !problems.windowMin && !problems.windowMax) {
    if (s.window.minDays > s.window.defaultDays) problems.windowMin = "No more than the default.";
    if (s.window.maxDays < s.window.defaultDays) problems.windowMax = "No less than the default.";
  }
  if (!problems.targetDefault && !problems.targetMin && !problems.targetMax) {
    if (s.target.minHours > s.target.defaultHours) problems.targetMin = "No more than the default.";
    if (s.target.maxHours < s.target.defaultHours) problems.targetMax = "No less than the default.";
  }
  const needed = s.window.maxDays + limits.lookbackDays;
  if (!problems.retentionDays && !problems.windowMax && s.retentionDays < needed)
    problems.retentionDays = `At least ${needed} days: the longest window (${s.window.maxDays} days) plus the ${limits.lookbackDays} days read before it.`;
  return problems;
}

/** Only what differs from the saved settings: the server keeps the rest, and the audit log shows just this. */
function patchOf(saved: TenantSettings, next: TenantSettings): Partial<TenantSettings> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof TenantSettings)[])
    if (JSON.stringify(saved[key]) !== JSON.stringify(next[key])) patch[key] = next[key];
  return patch as Partial<TenantSettings>;
}

type Outcome = { intent: "success" | "error"; text: string } | null;

/** The tenant's privacy policy and the ranges people choose their own settings within. */
export function SettingsForm(props: {
  answer: SettingsAnswer;
  onSaved: (answer: SettingsAnswer) => void;
  /** After the server has recorded the attempt in the audit log (`changed` when it was saved). */
  onAudited: (changed: boolean) => void;
}) {
  const styles = useStyles();
  const { api } = useSession();
  const { settings, limits } = props.answer;
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  useEffect(() => setDraft(draftOf(settings)), [settings]);

  const problems = problemsOf(draft, limits);
  const patch = patchOf(settings, settingsOf(draft));
  const changed = Object.keys(patch).length > 0;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // The last save's message no longer describes what the form shows.
    setOutcome(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(problems).length > 0) {
      setOutcome({
        intent: "error",
        text: "Some values are outside what is allowed: see the fields marked.",
      });
      return;
    }
    if (!changed) return;
    setSaving(true);
    setOutcome(null);
    try {
      const saved = await api<SettingsAnswer>("/api/admin/settings", { method: "PUT", body: patch });
      props.onSaved(saved);
      props.onAudited(true);
      setOutcome({
        intent: "success",
        text: `${plural(Object.keys(patch).length, "setting")} changed, in effect now; the audit log records who changed what.`,
      });
    } catch (error) {
      setOutcome({ intent: "error", text: (error as Error).message });
      props.onAudited(false);
    } finally {
      setSaving(false);
    }
  };

  const number = (key: NumberKey, label: string, hint: string, step = 1) => (
    <Field
      label={label}
      hint={hint}
      validationState={problems[key] ? "error" : "none"}
      validationMessage={problems[key]}
    >
      <Input type="number" step={step} value={draft[key]} onChange={(_e, data) => set(key, data.value)} />
    </Field>
  );

  return (
    <Section
      title="Tenant settings"
      lead="Privacy policy for everyone in the organisation, and the ranges people choose their own analysis settings within."
    >
      <form className={styles.form} onSubmit={save} noValidate aria-label="Tenant settings">
        <div className={styles.fields}>
          {number(
            "minGroupSize",
            "Minimum group size",
            `Org views hide any group smaller than this (at least ${limits.minGroupSize.min}).`,
          )}
          {number("retentionDays", "Retention (days)", "Synced metadata older than this is deleted daily.")}
          {number(
            "minAnonymousAnswers",
            "Anonymous feedback: minimum answers",
            "Anonymous answers stay hidden until a request has this many.",
          )}
        </div>
        <div className={styles.fields}>
          <Switch
            label="Use message subjects (they may name suggested groups)"
            checked={draft.useSubjects}
            onChange={(_e, data) => set("useSubjects", data.checked)}
          />
          <Switch
            label="Let people opt out of others' analyses"
            checked={draft.allowSelfOptOut}
            onChange={(_e, data) => set("allowSelfOptOut", data.checked)}
          />
        </div>
        <div className={styles.group}>
          <Subtitle2 as="h4">Analysis window (days)</Subtitle2>
          <div className={styles.fields}>
            {number("windowDefault", "Default window", "What people start with.")}
            {number("windowMin", "Shortest allowed", `At least ${limits.windowDays.min}.`)}
            {number("windowMax", "Longest allowed", "Retention must cover it plus 30 days.")}
          </div>
        </div>
        <div className={styles.group}>
          <Subtitle2 as="h4">Reply-time target (working hours)</Subtitle2>
          <div className={styles.fields}>
            {number("targetDefault", "Default target", "What people start with.", 0.5)}
            {number("targetMin", "Lowest allowed", `At least ${limits.targetHours.min}.`, 0.5)}
            {number("targetMax", "Highest allowed", `At most ${limits.targetHours.max}.`, 0.5)}
          </div>
        </div>
        <div className={styles.group}>
          <Subtitle2 as="h4">Features</Subtitle2>
          <div className={styles.fields}>
            {(Object.keys(featureLabels) as Feature[]).map((feature) => (
              <Switch
                key={feature}
                label={featureLabels[feature]}
                checked={draft.features[feature]}
                onChange={(_e, data) => set("features", { ...draft.features, [feature]: data.checked })}
              />
            ))}
          </div>
        </div>
        <div className={styles.group}>
          <Subtitle2 as="h4">Responsiveness flags</Subtitle2>
          <Caption1>
            When a reply-time pattern is flagged: the default, and the range people may choose their own in.
          </Caption1>
        </div>
        {thresholdNames.map((name) => {
          const { label, factor } = thresholdLabels[name];
          const step = factor ? 0.1 : 1;
          return (
            <fieldset className={styles.fieldset} key={name}>
              <legend className={styles.legend}>{label}</legend>
              <div className={styles.fields}>
                {number(`${name}.default`, "Default", "What people start with.", step)}
                {number(
                  `${name}.min`,
                  "Lowest allowed",
                  `At least ${(factor ? limits.thresholdFactor : limits.thresholdTurns).min}.`,
                  step,
                )}
                {number(
                  `${name}.max`,
                  "Highest allowed",
                  `At most ${(factor ? limits.thresholdFactor : limits.thresholdTurns).max}.`,
                  step,
                )}
              </div>
            </fieldset>
          );
        })}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={saving || !changed}>
            {saving ? "Saving…" : "Save settings"}
          </Button>
          <Button disabled={saving || !changed} onClick={() => setDraft(draftOf(settings))}>
            Discard changes
          </Button>
        </div>
        <div role="status">
          {outcome && (
            <MessageBar intent={outcome.intent} layout="multiline">
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
