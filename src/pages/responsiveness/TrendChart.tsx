import {
  Caption1,
  makeStyles,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { KmMedian, Report } from "../../app/api";
import { formatHours, kmText } from "../../ui/format";
import { ScrollRegion } from "../../ui/ScrollRegion";
import { isOpenEnded, kmValue, weekLabel } from "./format";
import { KmValue } from "./KmValue";

type TrendPoint = Report["responsiveness"]["weeklyTrend"][number];

interface Series {
  key: "overall" | "staff" | "up";
  label: string;
  figure: (p: TrendPoint) => { turns: number; kmMedianHours: KmMedian };
}

const allSeries: Series[] = [
  { key: "overall", label: "Everyone", figure: (p) => p.overall },
  { key: "staff", label: "Your staff", figure: (p) => p.byAudience.staff },
  { key: "up", label: "Your manager and above", figure: (p) => p.byAudience.up },
];

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  figure: {
    margin: 0,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  legend: {
    display: "flex",
    flexWrap: "wrap",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
    padding: 0,
    listStyleType: "none",
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  legendItem: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  svg: { display: "block", width: "100%", overflow: "visible" },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1 },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1 },
  tickText: { fill: tokens.colorNeutralForeground2, fontSize: "11px" },
  axisTitle: {
    fill: tokens.colorNeutralForeground2,
    fontSize: "12px",
    fontWeight: tokens.fontWeightSemibold,
  },
  targetLine: { stroke: tokens.colorPaletteRedBorder2, strokeWidth: 1, strokeDasharray: "2 3" },
  targetText: { fill: tokens.colorPaletteRedForeground1, fontSize: "11px" },
  overall: { stroke: tokens.colorNeutralForeground3, fill: tokens.colorNeutralForeground3 },
  staff: { stroke: tokens.colorBrandForeground1, fill: tokens.colorBrandForeground1 },
  up: { stroke: tokens.colorPaletteDarkOrangeForeground1, fill: tokens.colorPaletteDarkOrangeForeground1 },
  open: { fill: tokens.colorNeutralBackground1 },
  details: {
    "& > summary": {
      cursor: "pointer",
      color: tokens.colorBrandForegroundLink,
      fontSize: tokens.fontSizeBase300,
      width: "fit-content",
      borderRadius: tokens.borderRadiusSmall,
    },
    "& > summary:focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  tableWrap: { overflowX: "auto", marginTop: tokens.spacingVerticalS },
  number: { fontVariantNumeric: "tabular-nums" },
});

const seriesStyle: Record<
  Series["key"],
  { width: number; dash?: string; marker: "circle" | "square" | "dot" }
> = {
  overall: { width: 1.5, dash: "1 0", marker: "dot" },
  staff: { width: 2.5, marker: "circle" },
  up: { width: 2, dash: "6 4", marker: "square" },
};

/** The width of an element, followed as it resizes (the chart draws in real pixels so text stays sharp). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth || fallback);
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setWidth(w);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallback]);
  return { ref, width };
}

/** Round tick steps (1, 2, 5 × 10ⁿ) giving about `count` ticks from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function Marker(props: {
  kind: "circle" | "square" | "dot";
  x: number;
  y: number;
  open: boolean;
  className: string;
  openClassName: string;
  label: string;
}) {
  const { x, y } = props;
  const className = props.open ? `${props.className} ${props.openClassName}` : props.className;
  const title = <title>{props.label}</title>;
  if (props.kind === "square")
    return (
      <rect x={x - 4} y={y - 4} width={8} height={8} className={className} strokeWidth={1.5}>
        {title}
      </rect>
    );
  return (
    <circle cx={x} cy={y} r={props.kind === "dot" ? 3 : 4.5} className={className} strokeWidth={1.5}>
      {title}
    </circle>
  );
}

function Swatch(props: { series: Series["key"]; className: string }) {
  const style = seriesStyle[props.series];
  return (
    <svg width="28" height="12" aria-hidden="true" focusable="false">
      <line
        x1="1"
        y1="6"
        x2="27"
        y2="6"
        className={props.className}
        strokeWidth={style.width}
        strokeDasharray={style.dash}
      />
      {style.marker === "square" ? (
        <rect x="10" y="2" width="8" height="8" className={props.className} />
      ) : (
        <circle cx="14" cy="6" r={style.marker === "dot" ? 3 : 4} className={props.className} />
      )}
    </svg>
  );
}

/**
 * The weekly trend of the KM median (overall, and staff and manager for leaders) as an SVG line chart
 * with axis titles, a legend that does not rely on colour alone (line style and marker shape differ),
 * a text summary for screen readers, and the same numbers as a table behind "Show as table".
 */
export function TrendChart(props: {
  trend: TrendPoint[];
  leader: boolean;
  targetHours: number | null;
  locale?: string;
}) {
  const styles = useStyles();
  const { trend, locale } = props;
  const id = useId();
  const { ref, width } = useWidth(720);
  // Staff and manager lines are for leaders; a manager line only when someone up the line asked anything.
  const series = useMemo(
    () =>
      allSeries.filter(
        (s) =>
          s.key === "overall" ||
          (props.leader && (s.key === "staff" || trend.some((p) => s.figure(p).turns > 0))),
      ),
    [trend, props.leader],
  );

  const height = 260;
  const margin = { top: 16, right: 72, bottom: 52, left: 60 };
  const plotW = Math.max(width - margin.left - margin.right, 40);
  const plotH = height - margin.top - margin.bottom;

  const max = useMemo(() => {
    let m = 0;
    for (const p of trend) for (const s of series) m = Math.max(m, kmValue(s.figure(p).kmMedianHours) ?? 0);
    if (props.targetHours !== null && m > 0) m = Math.max(m, props.targetHours);
    return m;
  }, [trend, series, props.targetHours]);
  const ticks = niceTicks(max || 8);
  const top = ticks[ticks.length - 1]!;
  const n = trend.length;
  const x = (i: number) => margin.left + ((i + 0.5) * plotW) / Math.max(n, 1);
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;
  const labelEvery = Math.max(1, Math.ceil((n * 64) / plotW));

  const summary = useMemo(() => {
    if (n === 0) return "No weeks in the window.";
    const first = weekLabel(trend[0]!.week, locale);
    const last = trend[n - 1]!;
    const latest = series.map((s) => `${s.label.toLowerCase()} ${kmText(s.figure(last).kmMedianHours)}`);
    const values = trend.map((p) => kmValue(p.overall.kmMedianHours)).filter((v): v is number => v !== null);
    const range =
      values.length > 0
        ? ` Everyone ranges from ${formatHours(Math.min(...values))} to ${formatHours(Math.max(...values))}.`
        : "";
    return `${n} weeks starting ${first}. Week of ${weekLabel(last.week, locale)}: ${latest.join(", ")}.${range}`;
  }, [trend, series, n, locale]);

  return (
    <section className={styles.section} aria-labelledby={`${id}-heading`}>
      <Subtitle1 as="h3" id={`${id}-heading`} className={styles.heading}>
        Week by week
      </Subtitle1>
      <Caption1>
        Kaplan–Meier median reply time of the requests that arrived each ISO week, in working hours.
      </Caption1>
      <figure className={styles.figure}>
        <ul className={styles.legend} aria-label="Legend">
          {series.map((s) => (
            <li key={s.key} className={styles.legendItem}>
              <Swatch series={s.key} className={styles[s.key]} />
              {s.label}
            </li>
          ))}
          <li className={styles.legendItem}>
            <svg width="12" height="12" aria-hidden="true" focusable="false">
              <circle cx="6" cy="6" r="4" className={`${styles.overall} ${styles.open}`} strokeWidth={1.5} />
            </svg>
            hollow: at least (no median yet)
          </li>
        </ul>
        <div ref={ref}>
          <svg
            className={styles.svg}
            width={width}
            height={height}
            role="img"
            aria-labelledby={`${id}-title ${id}-desc`}
          >
            <title id={`${id}-title`}>Weekly median reply time in working hours</title>
            <desc id={`${id}-desc`}>{summary}</desc>
            {ticks.map((t) => (
              <g key={t}>
                <line x1={margin.left} x2={margin.left + plotW} y1={y(t)} y2={y(t)} className={styles.grid} />
                <text x={margin.left - 8} y={y(t)} dy="0.32em" textAnchor="end" className={styles.tickText}>
                  {t}
                </text>
              </g>
            ))}
            {props.targetHours !== null && props.targetHours <= top && (
              <g>
                <line
                  x1={margin.left}
                  x2={margin.left + plotW}
                  y1={y(props.targetHours)}
                  y2={y(props.targetHours)}
                  className={styles.targetLine}
                />
                <text
                  x={margin.left + plotW + 6}
                  y={y(props.targetHours)}
                  dy="0.32em"
                  className={styles.targetText}
                >
                  target {formatHours(props.targetHours)}
                </text>
              </g>
            )}
            <line
              x1={margin.left}
              x2={margin.left + plotW}
              y1={margin.top + plotH}
              y2={margin.top + plotH}
              className={styles.axis}
            />
            {trend.map((p, i) =>
              i % labelEvery === 0 ? (
                <text
                  key={p.week}
                  x={x(i)}
                  y={margin.top + plotH + 16}
                  textAnchor="middle"
                  className={styles.tickText}
                >
                  {weekLabel(p.week, locale)}
                </text>
              ) : null,
            )}
            <text x={margin.left + plotW / 2} y={height - 6} textAnchor="middle" className={styles.axisTitle}>
              Week starting (Monday)
            </text>
            <text
              transform={`translate(14 ${margin.top + plotH / 2}) rotate(-90)`}
              textAnchor="middle"
              className={styles.axisTitle}
            >
              Working hours
            </text>
            {series.map((s) => {
              const style = seriesStyle[s.key];
              // A week without turns breaks the line rather than pretending to be zero.
              let d = "";
              let pen = false;
              trend.forEach((p, i) => {
                const v = kmValue(s.figure(p).kmMedianHours);
                if (v === null) {
                  pen = false;
                  return;
                }
                d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
                pen = true;
              });
              return (
                <g key={s.key}>
                  <path
                    d={d}
                    className={styles[s.key]}
                    fill="none"
                    strokeWidth={style.width}
                    strokeDasharray={style.dash}
                    strokeLinejoin="round"
                    style={{ fill: "none" }}
                  />
                  {trend.map((p, i) => {
                    const f = s.figure(p);
                    const v = kmValue(f.kmMedianHours);
                    if (v === null) return null;
                    return (
                      <Marker
                        key={p.week}
                        kind={style.marker}
                        x={x(i)}
                        y={y(v)}
                        open={isOpenEnded(f.kmMedianHours)}
                        className={styles[s.key]}
                        openClassName={styles.open}
                        label={`${s.label}, week of ${weekLabel(p.week, locale)}: ${kmText(f.kmMedianHours)} over ${f.turns} turns`}
                      />
                    );
                  })}
                </g>
              );
            })}
          </svg>
        </div>
        <details className={styles.details}>
          <summary>Show as table</summary>
          <ScrollRegion label="Weekly median reply time, scrollable" className={styles.tableWrap}>
            <Table size="small" aria-label="Weekly median reply time">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Week</TableHeaderCell>
                  {series.map((s) => (
                    <TableHeaderCell key={s.key}>{s.label}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {trend.map((p) => (
                  <TableRow key={p.week}>
                    <TableCell>
                      {p.week} ({weekLabel(p.week, locale)})
                    </TableCell>
                    {series.map((s) => {
                      const f = s.figure(p);
                      return (
                        <TableCell key={s.key} className={styles.number}>
                          <KmValue km={f.kmMedianHours} />
                          {f.turns > 0 ? ` · ${f.turns} turns` : " · no turns"}
                        </TableCell>
                      );
                    })}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollRegion>
        </details>
      </figure>
    </section>
  );
}
