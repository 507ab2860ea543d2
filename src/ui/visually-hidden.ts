import type { GriffelStyle } from "@fluentui/react-components";

/**
 * Read out by screen readers, not shown: for words the eye gets from a picture, a dash or a badge. Spread
 * into a makeStyles class (`{ hidden: visuallyHidden }`).
 */
export const visuallyHidden: GriffelStyle = {
  position: "absolute",
  width: "1px",
  height: "1px",
  margin: "-1px",
  padding: 0,
  overflow: "hidden",
  clipPath: "inset(50%)",
  whiteSpace: "nowrap",
  border: 0,
};
