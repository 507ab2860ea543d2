import { makeStyles, tokens } from "@fluentui/react-components";

/** The frame every tab page shares: a column of sections, and a heading with its lead beside the page's actions. */
export const usePageStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  intro: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
  },
  heading: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    maxWidth: "72ch",
    "& > *": { margin: 0 },
  },
  lead: { color: tokens.colorNeutralForeground2 },
});
