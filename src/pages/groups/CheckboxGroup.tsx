import { Caption1, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { type ReactNode, useId } from "react";

const useStyles = makeStyles({
  fieldset: { border: "none", margin: 0, padding: 0, minWidth: 0 },
  legend: {
    padding: 0,
    marginBottom: tokens.spacingVerticalXS,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  items: { display: "flex", flexDirection: "column" },
  scroll: {
    maxHeight: "min(320px, 40vh)",
    overflowY: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalXS,
  },
  error: { display: "block", marginTop: tokens.spacingVerticalXS, color: tokens.colorPaletteRedForeground1 },
});

/** Checkboxes under one legend, with a validation message tied to the group (a fieldset, for screen readers). */
export function CheckboxGroup(props: {
  legend: string;
  error?: string | null;
  scroll?: boolean;
  children: ReactNode;
}) {
  const styles = useStyles();
  const errorId = useId();
  return (
    <fieldset className={styles.fieldset} aria-describedby={props.error ? errorId : undefined}>
      <legend className={styles.legend}>{props.legend}</legend>
      <div className={mergeClasses(styles.items, props.scroll && styles.scroll)}>{props.children}</div>
      {props.error && (
        <Caption1 id={errorId} className={styles.error} role="alert">
          {props.error}
        </Caption1>
      )}
    </fieldset>
  );
}
