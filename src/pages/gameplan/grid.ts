import type { GridLevel, Quadrant } from "../../app/api";

/**
 * The influence/interest grid's four places, named by what to do with the people there (docs/workflow.md),
 * in reading order of the 2×2 drawing: high influence on top, high interest on the right.
 */
export const quadrants: readonly {
  quadrant: Quadrant;
  label: string;
  influence: GridLevel;
  interest: GridLevel;
}[] = [
  { quadrant: "keepSatisfied", label: "Keep satisfied", influence: "high", interest: "low" },
  { quadrant: "manageClosely", label: "Manage closely", influence: "high", interest: "high" },
  { quadrant: "monitor", label: "Monitor", influence: "low", interest: "low" },
  { quadrant: "keepInformed", label: "Keep informed", influence: "low", interest: "high" },
];

/** "Manage closely (high influence, high interest)": how a select names a place. */
export const placeLabel = (q: (typeof quadrants)[number]) =>
  `${q.label} (${q.influence} influence, ${q.interest} interest)`;
