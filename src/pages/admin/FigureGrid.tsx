import {
  Caption1,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { visuallyHidden } from "../../ui/visually-hidden";
import type { PublishedCell, SuppressedTable } from "./answers";

const useStyles = makeStyles({
  scroll: { overflowX: "auto" },
  table: { minWidth: "520px" },
  figure: { display: "flex", flexDirection: "column" },
  hidden: { color: tokens.colorNeutralForeground3 },
  total: { fontWeight: tokens.fontWeightSemibold },
  // A native row header, padded like Fluent's cells beside it.
  rowHead: {
    fontWeight: tokens.fontWeightSemibold,
    textAlign: "start",
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  // Read out, not shown: the dash says it to the eye.
  visuallyHidden,
});

/** Why a figure is not shown, in words a screen reader reads out too. */
const hiddenText = (c: PublishedCell<unknown>, minGroupSize: number) =>
  c.suppressed === "primary"
    ? `Hidden: fewer than ${minGroupSize} people`
    : "Hidden: it would reveal a smaller group";

/**
 * A department × level table with its totals, one figure per cell: the figure and how many people it
 * covers, or why it is hidden.
 */
export function FigureGrid<V>(props: {
  label: string;
  table: SuppressedTable<V>;
  rows: string[];
  columns: { key: string; label: string }[];
  minGroupSize: number;
  /** The figure of a shown cell ("40 %"), or null when the cell has no such figure. */
  figure: (value: V) => ReactNode;
  people: (n: number) => string;
}) {
  const styles = useStyles();
  const { table } = props;
  const at = (row: string | null, column: string | null) =>
    [...table.cells, ...table.rowTotals, ...table.columnTotals, table.total].find(
      (c) => c.row === row && c.column === column,
    );
  const render = (c: PublishedCell<V> | undefined, total = false) => {
    if (!c || c.suppressed !== null || c.value === null)
      return (
        <span className={styles.hidden} title={c ? hiddenText(c, props.minGroupSize) : undefined}>
          <span aria-hidden="true">–</span>
          <span className={styles.visuallyHidden}>{c ? hiddenText(c, props.minGroupSize) : "No figure"}</span>
        </span>
      );
    return (
      <span className={mergeClasses(styles.figure, total && styles.total)}>
        <span>{props.figure(c.value) ?? "–"}</span>
        <Caption1>{props.people(c.people ?? 0)}</Caption1>
      </span>
    );
  };
  return (
    <ScrollRegion label={`${props.label} (scrolls sideways)`} className={styles.scroll}>
      <Table className={styles.table} aria-label={props.label} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Department</TableHeaderCell>
            {props.columns.map((c) => (
              <TableHeaderCell key={c.key}>{c.label}</TableHeaderCell>
            ))}
            <TableHeaderCell>All levels</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((row) => (
            <TableRow key={row}>
              <th scope="row" className={styles.rowHead}>
                {row}
              </th>
              {props.columns.map((c) => (
                <TableCell key={c.key}>{render(at(row, c.key))}</TableCell>
              ))}
              <TableCell>{render(at(row, null), true)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <th scope="row" className={styles.rowHead}>
              All departments
            </th>
            {props.columns.map((c) => (
              <TableCell key={c.key}>{render(at(null, c.key), true)}</TableCell>
            ))}
            <TableCell>{render(at(null, null), true)}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </ScrollRegion>
  );
}
