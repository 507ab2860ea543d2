import { Button, Combobox, Field, Option, Persona, Select } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { DirectoryPerson, ReportGroup } from "../../app/api";
import { useSession } from "../../app/session";
import { EditDialog } from "./EditDialog";
import { groupLabel } from "./people";
import type { GroupEditor } from "./useGroupEditor";

const DEBOUNCE_MS = 300;

type Search =
  | { state: "idle" }
  | { state: "searching" }
  | { state: "done"; people: DirectoryPerson[] }
  | { state: "error"; message: string };

const describe = (p: DirectoryPerson) =>
  [p.jobTitle, p.department].filter(Boolean).join(", ") || p.mail || "";

/** Directory search as you type: GET /api/directory?q=, debounced, the previous request cancelled. */
function useDirectorySearch(query: string): Search {
  const { api } = useSession();
  const [search, setSearch] = useState<Search>({ state: "idle" });
  useEffect(() => {
    const q = query.trim();
    if (q.length === 0) {
      setSearch({ state: "idle" });
      return;
    }
    setSearch({ state: "searching" });
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api<{ people: DirectoryPerson[] }>(`/api/directory?q=${encodeURIComponent(q)}`, {
        signal: abort.signal,
      }).then(
        ({ people }) => setSearch({ state: "done", people }),
        (error: Error) => !abort.signal.aborted && setSearch({ state: "error", message: error.message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, query]);
  return search;
}

/** "Add a person…": find anyone in the directory and put them in a group by hand. */
export function AddPersonDialog(props: {
  groups: ReportGroup[];
  groupOf: (personId: string) => ReportGroup | undefined;
  editor: GroupEditor;
}) {
  const { groups, editor } = props;
  const [query, setQuery] = useState("");
  const [person, setPerson] = useState<DirectoryPerson | null>(null);
  const [groupId, setGroupId] = useState("");
  const search = useDirectorySearch(person ? "" : query);
  const [shown, setShown] = useState<DirectoryPerson[]>([]);
  useEffect(() => {
    if (search.state === "done") setShown(search.people);
  }, [search]);

  const current = person ? props.groupOf(person.id) : undefined;
  const target = groups.find((g) => g.id === groupId) ?? groups.find((g) => g !== current) ?? groups[0];
  const personProblem = person ? null : "Search for a person and pick them from the list.";
  const groupProblem =
    target && current && target.id === current.id ? `They are already in “${target.name}”.` : null;

  const hint =
    search.state === "searching"
      ? "Searching the directory…"
      : search.state === "error"
        ? undefined
        : search.state === "done" && search.people.length === 0
          ? `No one in the directory matches “${query.trim()}”.`
          : person
            ? describe(person)
            : "Type a name or an email address.";

  return (
    <EditDialog
      trigger={<Button disabled={editor.busy || groups.length === 0}>Add a person</Button>}
      title="Add a person to a group"
      submitLabel={person ? `Add ${person.displayName}` : "Add"}
      submitDisabled={editor.busy}
      failedTitle="The person was not added"
      onOpen={() => {
        setQuery("");
        setPerson(null);
        setShown([]);
        setGroupId("");
      }}
      onSubmit={() => {
        if (!person || !target || groupProblem) return undefined;
        return editor.apply(
          { kind: "add", personId: person.id, toGroupId: target.id },
          `Added ${person.displayName} to “${target.name}”.`,
          { inline: true },
        );
      }}
    >
      {(touched) => (
        <>
          <Field
            label="Person"
            required
            hint={hint}
            validationState={search.state === "error" ? "error" : touched && personProblem ? "error" : "none"}
            validationMessage={
              search.state === "error"
                ? `The directory search failed: ${search.message}`
                : touched && personProblem
                  ? personProblem
                  : undefined
            }
          >
            <Combobox
              freeform
              placeholder="Search the directory"
              value={query}
              selectedOptions={person ? [person.id] : []}
              onChange={(e) => {
                setQuery(e.target.value);
                setPerson(null);
              }}
              onOptionSelect={(_e, data) => {
                const picked = shown.find((p) => p.id === data.optionValue) ?? null;
                setPerson(picked);
                setQuery(picked?.displayName ?? "");
                setGroupId("");
              }}
            >
              {shown.map((p) => (
                <Option key={p.id} value={p.id} text={p.displayName}>
                  <Persona
                    size="small"
                    name={p.displayName}
                    secondaryText={describe(p)}
                    avatar={{ color: "colorful", "aria-hidden": true }}
                  />
                </Option>
              ))}
            </Combobox>
          </Field>
          <Field
            label="Group"
            validationState={touched && groupProblem ? "error" : "none"}
            validationMessage={touched && groupProblem ? groupProblem : undefined}
            hint={
              current && !groupProblem
                ? `${person?.displayName} is in “${current.name}” now and moves.`
                : undefined
            }
          >
            <Select value={target?.id ?? ""} onChange={(_e, data) => setGroupId(data.value)}>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {groupLabel(g)}
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
    </EditDialog>
  );
}
