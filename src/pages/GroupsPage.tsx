import { Body1, makeStyles, Title3, tokens } from "@fluentui/react-components";
import { useMemo } from "react";
import type { DirectoryPerson, Report, ReportGroup } from "../app/api";
import { useReport } from "../app/report";
import { EmptyState, ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { usePageStyles } from "../ui/page";
import { AddPersonDialog } from "./groups/AddPersonDialog";
import { EditStatusBar } from "./groups/EditStatusBar";
import { GroupCard } from "./groups/GroupCard";
import { MergeDialog } from "./groups/MergeDialog";
import { memberDirectory, orderedMembers, unnamedMembers } from "./groups/people";
import { UndoButton } from "./groups/UndoButton";
import { useGroupEditor } from "./groups/useGroupEditor";

const useStyles = makeStyles({
  toolbar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 460px), 1fr))",
    gap: tokens.spacingHorizontalL,
    alignItems: "start",
  },
});

const NOBODY: DirectoryPerson[] = [];
/** The lookup's limit (server/api/routes/people.ts). */
const MAX_LOOKUP = 100;

/** Directory entries for these ids (the last answer stays while a new one loads). */
function useDirectoryNames(ids: string[]): DirectoryPerson[] {
  const wanted = ids.slice(0, MAX_LOOKUP).map(encodeURIComponent).join(",");
  const lookup = useResource<{ people: DirectoryPerson[] }>(wanted ? `/api/people?ids=${wanted}` : null);
  return lookup.state === "ready" ? lookup.value.people : NOBODY;
}

/** Groups: the suggested stakeholder groups, and the user's edits to them (which always win). */
export function GroupsPage() {
  const report = useReport();
  if (report.state === "loading") return <Loading label="Loading your groups…" />;
  if (report.state === "error")
    return (
      <ErrorState title="Your groups could not be loaded" message={report.message} onRetry={report.reload} />
    );
  return <Groups report={report.value} />;
}

function Groups(props: { report: Report }) {
  const styles = useStyles();
  const layout = usePageStyles();
  const editor = useGroupEditor(props.report);
  const { groups } = editor;
  const directory = useDirectoryNames(unnamedMembers(props.report, groups));
  const personOf = useMemo(() => memberDirectory(props.report, directory), [props.report, directory]);
  const groupOf = useMemo(() => {
    const byPerson = new Map<string, ReportGroup>();
    for (const g of groups) for (const id of g.memberIds) byPerson.set(id, g);
    return (id: string) => byPerson.get(id);
  }, [groups]);

  return (
    <section className={layout.page} aria-labelledby="groups-title">
      <div className={layout.intro}>
        <div className={layout.heading}>
          <Title3 as="h2" id="groups-title">
            Groups
          </Title3>
          <Body1 as="p" className={layout.lead}>
            Orbit groups the people you work with by who takes part in the same threads and meetings. Accept,
            rename, merge or split them and move people around: your changes always win over Orbit's
            suggestions, also after the next sync.
          </Body1>
        </div>
        {groups.length > 0 && (
          <div className={styles.toolbar} role="toolbar" aria-label="Change your groups">
            <AddPersonDialog groups={groups} groupOf={groupOf} editor={editor} />
            <MergeDialog groups={groups} editor={editor} />
            <UndoButton editor={editor} />
          </div>
        )}
      </div>
      <EditStatusBar editor={editor} />
      {groups.length === 0 ? (
        <EmptyState title="No groups yet">
          Orbit suggests groups once it has read your mail and calendar metadata and found people you work
          with in both directions. They appear here when the sync finishes.
        </EmptyState>
      ) : (
        <div className={styles.grid}>
          {groups.map((g) => (
            <GroupCard
              key={g.id}
              group={g}
              members={orderedMembers(g, personOf)}
              groups={groups}
              editor={editor}
            />
          ))}
        </div>
      )}
    </section>
  );
}
