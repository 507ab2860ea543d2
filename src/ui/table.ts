import { makeStyles, tokens } from "@fluentui/react-components";

/** Plain data tables (the Game plan's register and actions): a sideways scroller, headers and cells. */
export const useTableStyles = makeStyles({
  scroller: { overflowX: "auto" },
  table: { width: "100%", borderCollapse: "collapse" },
  head: {
    textAlign: "start",
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  cell: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    verticalAlign: "top",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});
