import {
  Button,
  Menu,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  mergeClasses,
  Persona,
  tokens,
} from "@fluentui/react-components";
import type { ReportGroup } from "../../app/api";
import { groupLabel, type MemberInfo } from "./people";

/** A plain class on the Move button, for the row's hover rule. */
const MOVE = "orbit-member-move";

const useStyles = makeStyles({
  row: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-within": { backgroundColor: tokens.colorNeutralBackground1Hover },
    // With a mouse, the Move button shows on the row pointed at or focused, not on every row at once;
    // on touch screens it always shows, and the keyboard reaches it either way.
    "@media (hover: hover)": {
      [`& .${MOVE}`]: { opacity: 0 },
      [`:hover .${MOVE}`]: { opacity: 1 },
      [`:focus-within .${MOVE}`]: { opacity: 1 },
      [`& .${MOVE}[aria-expanded="true"]`]: { opacity: 1 },
    },
  },
  persona: { minWidth: 0, overflow: "hidden" },
  move: { flexShrink: 0, color: tokens.colorNeutralForeground2 },
});

/** One member: avatar, name and who they are, with a menu to move them to another group. */
export function MemberRow(props: {
  member: MemberInfo;
  group: ReportGroup;
  groups: ReportGroup[];
  busy: boolean;
  onMove: (member: MemberInfo, to: ReportGroup) => void;
}) {
  const styles = useStyles();
  const { member } = props;
  const targets = props.groups.filter((g) => g.id !== props.group.id);
  return (
    <li className={styles.row}>
      <Persona
        className={styles.persona}
        size="small"
        name={member.displayName}
        secondaryText={member.detail ?? undefined}
        avatar={{ color: "colorful", "aria-hidden": true }}
      />
      {targets.length > 0 && (
        <Menu positioning="below-end">
          <MenuTrigger disableButtonEnhancement>
            <Button
              className={mergeClasses(MOVE, styles.move)}
              appearance="subtle"
              size="small"
              disabled={props.busy}
              aria-label={`Move ${member.displayName} to another group`}
            >
              Move…
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuGroup>
                <MenuGroupHeader>Move {member.displayName} to</MenuGroupHeader>
                {targets.map((g) => (
                  <MenuItem key={g.id} onClick={() => props.onMove(member, g)}>
                    {groupLabel(g)}
                  </MenuItem>
                ))}
              </MenuGroup>
            </MenuList>
          </MenuPopover>
        </Menu>
      )}
    </li>
  );
}
