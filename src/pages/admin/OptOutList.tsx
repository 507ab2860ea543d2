import {
  Body1,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { useSession } from "../../app/session";
import { ErrorState, Loading } from "../../app/states";
import { useResource } from "../../app/useResource";
import { fullDate, relativeTime } from "../map/format";
import { Section } from "../settings/Section";
import type { OptOutEntry } from "./answers";

const useStyles = makeStyles({
  form: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "end",
    gap: tokens.spacingHorizontalL,
  },
  value: { minWidth: "min(100%, 320px)", flexGrow: 1 },
  table: { tableLayout: "auto" },
  muted: { color: tokens.colorNeutralForeground2 },
});

type Kind = OptOutEntry["kind"];
const describeEntry = (e: Pick<OptOutEntry, "kind" | "value">) =>
  `${e.kind === "mail" ? "address" : "directory id"} ${e.value}`;

/** The tenant's opt-out list: people left out of everyone's analyses and of the org views. */
export function OptOutList(props: {
  /** After the server has recorded the attempt in the audit log (`changed` when the list changed). */
  onAudited: (changed: boolean) => void;
}) {
  const styles = useStyles();
  const { api } = useSession();
  const list = useResource<{ entries: OptOutEntry[] }>("/api/admin/opt-outs");
  const [kind, setKind] = useState<Kind>("mail");
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string } | null>(null);

  const change = async (work: () => Promise<{ changed: boolean }>, done: (changed: boolean) => string) => {
    setBusy(true);
    setMessage(null);
    try {
      const { changed } = await work();
      setMessage({ intent: "success", text: done(changed) });
      list.reload();
      props.onAudited(changed);
      return true;
    } catch (error) {
      setMessage({ intent: "error", text: (error as Error).message });
      props.onAudited(false);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const entry = { kind, value: value.trim() };
    if (!entry.value) {
      setMessage({ intent: "error", text: "Type an email address or a directory id to add." });
      return;
    }
    const added = await change(
      () => api("/api/admin/opt-outs", { method: "POST", body: entry }),
      (changed) =>
        changed ? `Added ${describeEntry(entry)}.` : `${describeEntry(entry)} was already on the list.`,
    );
    if (added) setValue("");
  };
  const remove = (e: OptOutEntry) =>
    change(
      () =>
        api(`/api/admin/opt-outs/${e.kind}/${encodeURIComponent(e.value)}`, {
          method: "DELETE",
        }),
      () => `Removed ${describeEntry(e)}: they count in others' analyses again.`,
    );

  return (
    <Section
      title="Opt-out list"
      lead="People on this list are left out of everyone's analyses and of the org views: as contacts, senders, recipients and attendees. An address may belong to someone outside the organisation."
    >
      <form className={styles.form} onSubmit={add} noValidate aria-label="Add to the opt-out list">
        <Field label="Add by">
          <RadioGroup layout="horizontal" value={kind} onChange={(_e, data) => setKind(data.value as Kind)}>
            <Radio value="mail" label="Email address" />
            <Radio value="id" label="Directory id" />
          </RadioGroup>
        </Field>
        <Field label={kind === "mail" ? "Email address" : "Directory id"} className={styles.value}>
          <Input
            type={kind === "mail" ? "email" : "text"}
            value={value}
            onChange={(_e, data) => setValue(data.value)}
            placeholder={kind === "mail" ? "name@example.com" : "00000000-0000-0000-0000-000000000000"}
          />
        </Field>
        <Button type="submit" appearance="primary" disabled={busy}>
          Add to the list
        </Button>
      </form>
      <div role="status">
        {message && (
          <MessageBar intent={message.intent} layout="multiline">
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {list.state === "loading" && <Loading label="Loading the opt-out list…" />}
      {list.state === "error" && (
        <ErrorState
          title="The opt-out list could not be loaded"
          message={list.message}
          onRetry={list.reload}
        />
      )}
      {list.state === "ready" && list.value.entries.length === 0 && (
        <Body1 as="p" className={styles.muted}>
          Nobody is on the list: everyone counts in others' analyses (people may still opt out themselves
          where the settings allow it).
        </Body1>
      )}
      {list.state === "ready" && list.value.entries.length > 0 && (
        <Table className={styles.table} aria-label="Opted out">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>Entry</TableHeaderCell>
              <TableHeaderCell>Added</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.muted}>Action</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.value.entries.map((e) => (
              <TableRow key={`${e.kind}:${e.value}`}>
                <TableCell>
                  {e.displayName ?? <span className={styles.muted}>Not in the directory</span>}
                </TableCell>
                <TableCell>{describeEntry(e)}</TableCell>
                <TableCell>
                  <time dateTime={e.addedAt} title={fullDate(e.addedAt)}>
                    {relativeTime(e.addedAt)}
                  </time>
                </TableCell>
                <TableCell>
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() => void remove(e)}
                    aria-label={`Remove ${e.displayName ?? e.value} from the opt-out list`}
                  >
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
