import {
  Badge,
  Button,
  Caption1,
  Card,
  CardFooter,
  makeStyles,
  Subtitle1,
  tokens,
} from "@fluentui/react-components";
import { useId, useState } from "react";
import type { ReportGroup } from "../../app/api";
import { MemberRow } from "./MemberRow";
import { type MemberInfo, namedByText, peopleCount } from "./people";
import { RenameDialog } from "./RenameDialog";
import { SplitDialog } from "./SplitDialog";
import type { GroupEditor } from "./useGroupEditor";

/** Members shown before "Show all". */
const COLLAPSED = 8;

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalM },
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, minWidth: 0 },
  titleRow: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  title: { margin: 0, overflowWrap: "anywhere" },
  meta: { margin: 0, color: tokens.colorNeutralForeground2 },
  members: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 240px), 1fr))",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
  },
  more: { alignSelf: "flex-start" },
  footer: {
    flexWrap: "wrap",
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalM,
  },
});

/** One suggested group: name, how it got it, its members, and what can be done with it. */
export function GroupCard(props: {
  group: ReportGroup;
  members: MemberInfo[];
  groups: ReportGroup[];
  editor: GroupEditor;
}) {
  const { group, members, editor } = props;
  const styles = useStyles();
  const [expanded, setExpanded] = useState(false);
  const titleId = useId();
  const listId = useId();
  const shown = expanded ? members : members.slice(0, COLLAPSED);

  const accept = () => editor.apply({ kind: "accept", groupId: group.id }, `Accepted “${group.name}”.`);
  const move = (member: MemberInfo, to: ReportGroup) =>
    editor.apply(
      { kind: "move", personId: member.id, toGroupId: to.id },
      `Moved ${member.displayName} from “${group.name}” to “${to.name}”.`,
    );

  return (
    <Card className={styles.card} role="group" aria-labelledby={titleId}>
      <div className={styles.head}>
        <div className={styles.titleRow}>
          <Subtitle1 as="h3" id={titleId} className={styles.title}>
            {group.name}
          </Subtitle1>
          {group.accepted ? (
            <Badge appearance="tint" color="success">
              Accepted
            </Badge>
          ) : (
            <Badge appearance="outline" color="informative">
              Suggested
            </Badge>
          )}
          {group.edited && (
            <Badge appearance="tint" color="informative">
              Edited by you
            </Badge>
          )}
        </div>
        <Caption1 as="p" className={styles.meta}>
          {peopleCount(group.memberIds.length)} · {namedByText(group)}
        </Caption1>
      </div>
      <ul className={styles.members} id={listId} aria-label={`People in ${group.name}`}>
        {shown.map((m) => (
          <MemberRow
            key={m.id}
            member={m}
            group={group}
            groups={props.groups}
            busy={editor.busy}
            onMove={move}
          />
        ))}
      </ul>
      {members.length > COLLAPSED && (
        <Button
          className={styles.more}
          appearance="transparent"
          size="small"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? "Show fewer" : `Show all ${peopleCount(members.length)}`}
        </Button>
      )}
      <CardFooter className={styles.footer}>
        {!group.accepted && (
          <Button
            appearance="primary"
            disabled={editor.busy}
            onClick={accept}
            aria-label={`Accept ${group.name}`}
          >
            Accept
          </Button>
        )}
        <RenameDialog group={group} editor={editor} />
        <SplitDialog group={group} members={members} editor={editor} />
      </CardFooter>
    </Card>
  );
}
