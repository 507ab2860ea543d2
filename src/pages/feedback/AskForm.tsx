import {
  Button,
  Card,
  Combobox,
  Field,
  makeStyles,
  Option,
  Radio,
  RadioGroup,
  Select,
  Switch,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useMemo, useState } from "react";
import { ApiError, type Report } from "../../app/api";
import { requestConsent } from "../../app/consent";
import { useSession } from "../../app/session";
import { InlineError } from "../../ui/InlineError";
import { groupLabel } from "../groups/people";
import { audienceLabel } from "../map/format";
import { ConsentDialog } from "./ConsentDialog";
import type { FeedbackSent } from "./types";

/** The server's limits (server/feedback/rules.ts). */
const MAX_QUESTION = 500;
const MAX_PEOPLE = 50;

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL, maxWidth: "760px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  fieldset: {
    border: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    minWidth: 0,
  },
  legend: {
    padding: 0,
    marginBottom: tokens.spacingVerticalS,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
});

type Whom = "group" | "people";

/**
 * "Ask for feedback": a group or some people, the four questions of the product brief (each editable;
 * an emptied one is left out), anonymous or by name, then send. The first send asks for consent to
 * Mail.Send (the API answers `consentRequired`) and sends again once it is given.
 */
export function AskForm(props: {
  report: Report;
  defaultQuestions: readonly string[];
  onSent: (sent: FeedbackSent) => void;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const { api, host } = useSession();
  const { report } = props;
  const groups = report.groups.filter((g) => g.memberIds.length > 0);
  // Only people in the organisation can get the mail's sign-in link; externals are left out here.
  const people = useMemo(
    () =>
      report.stakeholders
        .filter((s) => s.audience !== "external")
        .map((s) => ({ id: s.id, name: s.displayName || s.mail, audience: s.audience }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [report],
  );
  // The report can change under the open form: the first sync brings the groups a first visit lacked.
  // Until the user picks, "A group" is the choice whenever there is one, and the group sent is always
  // one the Select shows.
  const [picked, setWhom] = useState<Whom | null>(null);
  const whom: Whom = picked ?? (groups.length > 0 ? "group" : "people");
  const [pickedGroupId, setGroupId] = useState<string | null>(null);
  const groupId = groups.some((g) => g.id === pickedGroupId) ? pickedGroupId! : (groups[0]?.id ?? "");
  const [chosen, setChosen] = useState<string[]>([]);
  const [questions, setQuestions] = useState(() => [...props.defaultQuestions]);
  const [anonymous, setAnonymous] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [consent, setConsent] = useState<{ scopes: string[]; error: string | null } | null>(null);

  const asked = questions.map((q) => q.trim()).filter(Boolean);
  const whomProblem =
    whom === "group"
      ? groupId
        ? null
        : "Choose a group."
      : chosen.length === 0
        ? "Choose at least one person."
        : chosen.length > MAX_PEOPLE
          ? `At most ${MAX_PEOPLE} people.`
          : null;
  const questionsProblem = asked.length === 0 ? "Ask at least one question." : null;
  const body = {
    ...(whom === "group" ? { groupId } : { recipientIds: chosen }),
    questions: asked,
    anonymous,
  };

  const post = () => api<FeedbackSent>("/api/feedback", { body });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (whomProblem || questionsProblem) return;
    setBusy(true);
    setError(null);
    try {
      props.onSent(await post());
    } catch (e) {
      if (e instanceof ApiError && e.detail.code === "consentRequired")
        setConsent({ scopes: e.detail.scopes ?? ["Mail.Send"], error: null });
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const allow = async () => {
    if (!consent) return;
    setBusy(true);
    try {
      await requestConsent(consent.scopes, { host, userId: report.user.id });
      const sent = await post();
      setConsent(null);
      props.onSent(sent);
    } catch (e) {
      setConsent({ ...consent, error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const names = chosen.map((id) => people.find((p) => p.id === id)?.name ?? id);
  return (
    <Card className={styles.card}>
      <form className={styles.form} onSubmit={submit} noValidate aria-label="Ask for feedback">
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>Whom to ask</legend>
          <RadioGroup
            layout="horizontal"
            value={whom}
            aria-label="Whom to ask"
            onChange={(_e, data) => setWhom(data.value as Whom)}
          >
            <Radio value="group" label="A group" disabled={groups.length === 0} />
            <Radio value="people" label="Some people" />
          </RadioGroup>
          {whom === "group" ? (
            <Field
              label="Group"
              hint="Everyone in it from your organisation gets the request; members from outside it are left out."
              validationState={touched && whomProblem ? "error" : "none"}
              validationMessage={touched ? whomProblem : undefined}
            >
              <Select value={groupId} onChange={(_e, data) => setGroupId(data.value)}>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {groupLabel(g)}
                  </option>
                ))}
              </Select>
            </Field>
          ) : (
            <Field
              label="People"
              hint={
                names.length > 0
                  ? `${names.length} chosen: ${names.join(", ")}.`
                  : "The people you work with in your organisation. Pick one or more."
              }
              validationState={touched && whomProblem ? "error" : "none"}
              validationMessage={touched ? whomProblem : undefined}
            >
              <Combobox
                multiselect
                placeholder={people.length === 0 ? "Nobody to ask yet" : "Choose people"}
                disabled={people.length === 0}
                selectedOptions={chosen}
                value={names.join(", ")}
                onOptionSelect={(_e, data) => setChosen(data.selectedOptions)}
              >
                {people.map((p) => (
                  <Option key={p.id} value={p.id} text={p.name}>
                    {p.name} · {audienceLabel[p.audience]}
                  </Option>
                ))}
              </Combobox>
            </Field>
          )}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>Questions</legend>
          {questions.map((q, i) => (
            <Field
              // biome-ignore lint/suspicious/noArrayIndexKey: the four slots are fixed; their text changes.
              key={i}
              label={`Question ${i + 1}`}
              hint="Edit it as you like, or empty it to leave it out."
              validationState={touched && questionsProblem && i === 0 ? "error" : "none"}
              validationMessage={touched && i === 0 ? questionsProblem : undefined}
            >
              <Textarea
                value={q}
                maxLength={MAX_QUESTION}
                rows={2}
                resize="vertical"
                onChange={(_e, data) => setQuestions((all) => all.map((x, j) => (j === i ? data.value : x)))}
              />
            </Field>
          ))}
        </fieldset>
        <Field hint="Answers are then shown only pooled, without names, and only once at least 3 people have answered (your organisation may ask for more). Without it you see who said what.">
          <Switch
            label="Anonymous answers"
            checked={anonymous}
            onChange={(_e, data) => setAnonymous(data.checked)}
          />
        </Field>
        {error && <InlineError title="The request was not sent" message={error} />}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={busy}>
            {busy && !consent ? "Sending…" : "Send request"}
          </Button>
          <Button onClick={props.onCancel} disabled={busy}>
            Cancel
          </Button>
        </div>
      </form>
      <ConsentDialog
        open={consent !== null}
        scopes={consent?.scopes ?? []}
        busy={busy}
        error={consent?.error ?? null}
        onAllow={allow}
        onCancel={() => setConsent(null)}
      />
    </Card>
  );
}
