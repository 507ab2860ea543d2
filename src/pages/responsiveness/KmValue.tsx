import { makeStyles, mergeClasses, Tooltip, tokens } from "@fluentui/react-components";
import type { KmMedian } from "../../app/api";
import { formatHours } from "../../ui/format";
import { atLeastExplanation, isOpenEnded } from "./format";

const useStyles = makeStyles({
  bound: {
    textDecorationLine: "underline",
    textDecorationStyle: "dotted",
    textUnderlineOffset: "0.2em",
    cursor: "help",
    borderRadius: tokens.borderRadiusSmall,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
});

/**
 * A Kaplan–Meier median: "16.2 h", or "≥ 40.0 h" with a tooltip saying why it is only a bound (focusable,
 * so keyboard users get the explanation too), or "–" when there were no turns.
 */
export function KmValue(props: { km: KmMedian; className?: string }) {
  const styles = useStyles();
  const { km } = props;
  if (km === null)
    return (
      <span className={props.className} title="No requests in this period">
        –
      </span>
    );
  if (!isOpenEnded(km)) return <span className={props.className}>{formatHours(km)}</span>;
  return (
    <Tooltip content={atLeastExplanation} relationship="description" withArrow>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the bound's explanation must reach keyboard users */}
      <span className={mergeClasses(styles.bound, props.className)} tabIndex={0}>
        ≥ {formatHours(km.atLeast)}
      </span>
    </Tooltip>
  );
}
