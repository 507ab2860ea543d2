import { Button, Field, Input, Link, Select, Textarea } from "@fluentui/react-components";
import { useState } from "react";
import type { ActionStatus, GamePlanAction } from "../../app/api";
import { useSession } from "../../app/session";
import { EditDialog } from "../groups/EditDialog";
import { type ActionField, fieldOfError, statusLabel, targetName } from "./actions";

/** Someone or some group an action can be for. */
export interface ActionTarget {
  kind: "person" | "group";
  id: string;
  name: string;
}

/** The server's limit on an action's text (docs/workflow.md). */
const MAX_TEXT = 500;

const targetKey = (t: { kind: string; id: string }) => `${t.kind}:${t.id}`;

/** The Feedback page's view of the request that prompted an action. */
export function FeedbackLink(props: { requestId: string }) {
  const href = `/tab/feedback?request=${encodeURIComponent(props.requestId)}`;
  return (
    <Link
      href={href}
      onClick={(e) => {
        e.preventDefault();
        // Keep the standalone page's other parameters (?theme=), as navigate() does.
        const query = new URLSearchParams(window.location.search);
        query.set("request", props.requestId);
        window.history.pushState(null, "", `/tab/feedback?${query}`);
        window.dispatchEvent(new PopStateEvent("popstate"));
      }}
    >
      From feedback
    </Link>
  );
}

/**
 * Adds an action (`action` absent) or edits one: what, for whom (fixed once created), owner, due day and,
 * when editing, the status. The server judges the input; its reason shows under the field it names, and
 * the dialog stays open with everything typed.
 */
export function ActionDialog(props: {
  action?: GamePlanAction;
  targets: readonly ActionTarget[];
  onSaved: (action: GamePlanAction, message: string) => void;
}) {
  const { action, targets } = props;
  const { api } = useSession();
  const [target, setTarget] = useState("");
  const [text, setText] = useState("");
  const [owner, setOwner] = useState("");
  const [due, setDue] = useState("");
  const [status, setStatus] = useState<ActionStatus>("open");
  const [errors, setErrors] = useState<Partial<Record<ActionField, string>>>({});
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setTarget(action ? targetKey(action.target) : "");
    setText(action?.text ?? "");
    setOwner(action?.owner ?? "");
    setDue(action?.due ?? "");
    setStatus(action?.status ?? "open");
    setErrors({});
  };

  const submit = async (): Promise<string | null> => {
    const chosen = targets.find((t) => targetKey(t) === target);
    const fields = { text, owner, due: due || null };
    setBusy(true);
    try {
      const saved = action
        ? await api<GamePlanAction>(`/api/actions/${action.id}`, {
            method: "PATCH",
            body: { ...fields, status },
          })
        : await api<GamePlanAction>("/api/actions", {
            method: "POST",
            body: {
              ...fields,
              ...(chosen?.kind === "group" ? { groupId: chosen.id } : { personId: chosen?.id }),
            },
          });
      props.onSaved(saved, action ? `Saved “${saved.text}”.` : `Added “${saved.text}”.`);
      return null;
    } catch (error) {
      const { field, message } = fieldOfError(error);
      if (field) {
        // The "For" field shows what the server says about either kind of target.
        setErrors({ [field === "groupId" ? "personId" : field]: message });
        return "Correct the field marked above and save again.";
      }
      setErrors({});
      return message;
    } finally {
      setBusy(false);
    }
  };

  const fieldState = (f: ActionField) => ({
    validationState: errors[f] ? ("error" as const) : ("none" as const),
    validationMessage: errors[f],
  });
  const groups = targets.filter((t) => t.kind === "group");
  const people = targets.filter((t) => t.kind === "person");

  return (
    <EditDialog
      trigger={
        action ? (
          <Button aria-label={`Edit “${action.text}”`}>Edit</Button>
        ) : (
          <Button appearance="primary">Add action</Button>
        )
      }
      title={action ? "Edit action" : "Add an action"}
      submitLabel={action ? "Save" : "Add"}
      submitDisabled={busy}
      failedTitle={action ? "The action was not saved" : "The action was not added"}
      onOpen={reset}
      onSubmit={() => {
        if (!action && !target) {
          setErrors({ personId: "Choose a group or a person." });
          return undefined;
        }
        return submit();
      }}
    >
      {() => (
        <>
          <Field label="For" required={!action} {...fieldState("personId")}>
            <Select value={target} disabled={!!action} onChange={(_e, data) => setTarget(data.value)}>
              {action ? (
                <option value={targetKey(action.target)}>{targetName(action)}</option>
              ) : (
                <>
                  <option value="">Choose a group or a person</option>
                  <optgroup label="Groups">
                    {groups.map((t) => (
                      <option key={targetKey(t)} value={targetKey(t)}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="People">
                    {people.map((t) => (
                      <option key={targetKey(t)} value={targetKey(t)}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                </>
              )}
            </Select>
          </Field>
          <Field
            label="What will you do?"
            required
            hint={`${text.trim().length} of ${MAX_TEXT} characters`}
            {...fieldState("text")}
          >
            <Textarea value={text} resize="vertical" onChange={(_e, data) => setText(data.value)} />
          </Field>
          <Field label="Owner" hint="Leave empty when it is you." {...fieldState("owner")}>
            <Input value={owner} onChange={(_e, data) => setOwner(data.value)} />
          </Field>
          <Field label="Due" hint="Optional." {...fieldState("due")}>
            <Input type="date" value={due} onChange={(_e, data) => setDue(data.value)} />
          </Field>
          {action && (
            <Field label="Status" {...fieldState("status")}>
              <Select value={status} onChange={(_e, data) => setStatus(data.value as ActionStatus)}>
                {Object.entries(statusLabel).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            </Field>
          )}
        </>
      )}
    </EditDialog>
  );
}
