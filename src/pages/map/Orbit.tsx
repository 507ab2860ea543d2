import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import {
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  type PointerEvent,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import type { Sentiment } from "../../app/api";
import { SentimentBadge, sentimentLabel, textClass, useSentimentStyles } from "../../ui/sentiment";
import { audienceLabel, initials, ringHint, trendLabel } from "./format";
import { geometry, type OrbitLayout, type OrbitNode, type Sector } from "./layout";
import { nextPerson } from "./navigation";
import type { MapPerson } from "./people";

/**
 * The orbit: you in the centre, rings and group sectors around you, people as initials in circles
 * coloured (and badged) by sentiment and sized by strength.
 *
 * Accessibility pattern: an ARIA grid on the <svg>. Each ring is a row (ring 1 first) and each person
 * a gridcell, in clockwise order, so a screen reader announces where you are; everything decorative
 * (rings, sectors, labels, you) is aria-hidden. The grid is one tab stop (a roving tabindex: only the
 * current person has tabIndex 0). Keys: see navigation.ts (arrows around and across rings, Home/End,
 * letters); Enter or Space opens the person's card and moves focus into it; Escape closes the card.
 * Pointing at or focusing a person shows their card beside the map without taking focus.
 */

const useStyles = makeStyles({
  // On a phone the whole drawing at screen width would shrink names to ~5 px: below 640 px it keeps a
  // readable size and scrolls sideways instead, starting centred on you (the table is the other way in).
  scroller: { overflowX: "auto", overscrollBehaviorX: "contain" },
  svg: {
    display: "block",
    width: "100%",
    height: "auto",
    fontFamily: tokens.fontFamilyBase,
    userSelect: "none",
    touchAction: "pan-x pan-y",
    "@media (max-width: 640px)": { minWidth: "740px" },
  },
  // Tints of the foreground over the frame: a light grey in light, a lighter grey in dark, ~black in contrast.
  sectorEven: { fill: tokens.colorNeutralForeground1, fillOpacity: 0.045 },
  sectorOdd: { fill: "none" },
  sectorThird: { fill: tokens.colorNeutralForeground1, fillOpacity: 0.09 },
  divider: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1.25 },
  ring: { fill: "none", stroke: tokens.colorNeutralStroke1, strokeWidth: 1, strokeDasharray: "4 4" },
  ringPill: { fill: tokens.colorNeutralBackground1, stroke: tokens.colorNeutralStroke1, strokeWidth: 1 },
  ringText: { fill: tokens.colorNeutralForeground3, fontSize: "11px", fontWeight: tokens.fontWeightSemibold },
  sectorLabel: {
    fill: tokens.colorNeutralForeground2,
    fontSize: `${geometry.labelFontSize}px`,
    fontWeight: tokens.fontWeightSemibold,
  },
  you: { fill: tokens.colorBrandBackground, stroke: tokens.colorNeutralBackground1, strokeWidth: 2 },
  youText: {
    fill: tokens.colorNeutralForegroundOnBrand,
    fontSize: "13px",
    fontWeight: tokens.fontWeightBold,
  },
  person: {
    cursor: "pointer",
    outlineStyle: "none",
    "& .orbit-avatar": { strokeWidth: 1.5, transitionProperty: "stroke-width", transitionDuration: "80ms" },
    ":hover .orbit-avatar": { strokeWidth: 3 },
  },
  initials: { fontWeight: tokens.fontWeightSemibold, pointerEvents: "none" },
  focusOuter: { fill: "none", stroke: tokens.colorStrokeFocus2, strokeWidth: 3 },
  focusInner: { fill: "none", stroke: tokens.colorStrokeFocus1, strokeWidth: 1.5 },
  shown: { fill: "none", stroke: tokens.colorBrandStroke1, strokeWidth: 2.5 },
  nameTag: {
    fill: tokens.colorNeutralBackgroundInverted,
    stroke: tokens.colorNeutralStroke1,
    strokeWidth: 1,
  },
  nameText: {
    fill: tokens.colorNeutralForegroundInverted,
    fontSize: "13px",
    fontWeight: tokens.fontWeightSemibold,
  },
});

export interface OrbitProps {
  layout: OrbitLayout;
  people: ReadonlyMap<string, MapPerson>;
  sentimentOf: (id: string) => Sentiment;
  /** The person whose card is showing (outlined on the map). */
  shownId: string | null;
  /** Where the keyboard starts: the strongest person. */
  firstId: string;
  /** Pointing at someone. */
  onPreview: (id: string) => void;
  /** Focus arriving on someone (arrow keys, Tab, a click). */
  onFocusPreview: (id: string) => void;
  onOpen: (id: string, from: "pointer" | "keyboard") => void;
  onEscape: () => void;
  /** The element with the keyboard instructions. */
  describedBy: string;
}

/** A person's name for screen readers: "Ken Tanaka, staff, ring 1, advocate, rising, group Sales". */
export function spokenLabel(person: MapPerson, sentiment: Sentiment): string {
  const parts = [
    person.displayName,
    audienceLabel[person.audience].toLocaleLowerCase(),
    person.ring === null ? "one-way" : `ring ${person.ring}`,
    sentimentLabel[sentiment].toLocaleLowerCase(),
    trendLabel[person.trend].toLocaleLowerCase(),
  ];
  if (person.groupName) parts.push(`group ${person.groupName}`);
  return parts.join(", ");
}

const HOVER_DELAY_MS = 120;

const idSelector = (id: string) => `[data-person-id="${CSS.escape(id)}"]`;

export function Orbit(props: OrbitProps) {
  const { layout, people, sentimentOf, shownId, firstId, onPreview, onFocusPreview, onOpen, onEscape } =
    props;
  const styles = useStyles();
  const svgRef = useRef<SVGSVGElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState(firstId);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const current = layout.byId.has(activeId) ? activeId : firstId;
  const titleId = useId();

  // Centred on you whenever the frame's width changes (first layout, rotating a phone).
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    let width = -1;
    const centre = () => {
      if (scroller.clientWidth === width) return;
      width = scroller.clientWidth;
      scroller.scrollLeft = (scroller.scrollWidth - width) / 2;
    };
    centre();
    const observer = new ResizeObserver(centre);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!layout.byId.has(activeId)) setActiveId(firstId);
  }, [layout, activeId, firstId]);

  const focusPerson = useCallback((id: string) => {
    svgRef.current?.querySelector<SVGGElement>(idSelector(id))?.focus();
  }, []);

  const personOf = (target: EventTarget | null): string | null =>
    target instanceof Element
      ? (target.closest("[data-person-id]")?.getAttribute("data-person-id") ?? null)
      : null;

  const onFocus = (event: FocusEvent<SVGSVGElement>) => {
    const id = personOf(event.target);
    if (!id) return;
    setActiveId(id);
    setFocusedId(id);
    onFocusPreview(id);
  };
  const onBlur = (event: FocusEvent<SVGSVGElement>) => {
    if (!svgRef.current?.contains(event.relatedTarget as Node | null)) setFocusedId(null);
  };
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    if (event.altKey || event.metaKey || (event.ctrlKey && event.key.length === 1)) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen(current, "keyboard");
      return;
    }
    if (event.key === "Escape") {
      onEscape();
      return;
    }
    const next = nextPerson(layout, current, event.key, {
      ctrl: event.ctrlKey,
      nameOf: (id) => people.get(id)?.displayName ?? "",
    });
    if (next === null) return;
    event.preventDefault();
    focusPerson(next);
  };
  // Pointing shows a card after a short pause, so sweeping the pointer across people on the way to the
  // card does not swap it under you.
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(hoverTimer.current), []);
  const onPointerOver = (event: PointerEvent<SVGSVGElement>) => {
    const id = personOf(event.target);
    clearTimeout(hoverTimer.current);
    if (id) hoverTimer.current = setTimeout(() => onPreview(id), HOVER_DELAY_MS);
  };
  const onPointerLeave = () => clearTimeout(hoverTimer.current);
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const id = personOf(event.target);
    if (id) onOpen(id, "pointer");
  };

  const spotlight = focusedId ?? shownId;
  const spotNode = spotlight ? layout.byId.get(spotlight) : undefined;
  const spotPerson = spotlight ? people.get(spotlight) : undefined;

  return (
    <div ref={scrollerRef} className={styles.scroller}>
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing cannot be a <table>. */}
      <svg
        ref={svgRef}
        className={styles.svg}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the orbit is an ARIA grid (see above).
        role="grid"
        aria-labelledby={titleId}
        aria-describedby={props.describedBy}
        aria-rowcount={layout.rows.length}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
        onPointerOver={onPointerOver}
        onPointerLeave={onPointerLeave}
        onClick={onClick}
      >
        <title id={titleId}>Your stakeholder map: you in the centre, the people you work with in rings</title>
        <Backdrop layout={layout} />
        {layout.rows.map((row, rowIndex) => (
          // biome-ignore lint/a11y/useSemanticElements: a ring of the SVG grid, not a table row.
          <g key={row.ring} role="row" aria-rowindex={rowIndex + 1} aria-label={`Ring ${row.ring}`}>
            {row.ids.map((id, colIndex) => {
              const person = people.get(id);
              const node = layout.byId.get(id);
              if (!person || !node) return null;
              const sentiment = sentimentOf(id);
              return (
                <PersonNode
                  key={id}
                  node={node}
                  column={colIndex + 1}
                  name={person.displayName}
                  label={spokenLabel(person, sentiment)}
                  sentiment={sentiment}
                  tabbable={id === current}
                  focused={id === focusedId}
                  shown={id === shownId}
                  className={styles.person}
                />
              );
            })}
          </g>
        ))}
        {spotNode && spotPerson && <NameTag node={spotNode} name={spotPerson.displayName} layout={layout} />}
      </svg>
    </div>
  );
}

/** Rings, sectors, their labels and you: drawn once per layout. */
const Backdrop = memo(function Backdrop(props: { layout: OrbitLayout }) {
  const styles = useStyles();
  const { layout } = props;
  const { cx, cy, rings, sectors } = layout;
  const outer = rings.at(-1)?.outer ?? geometry.outer;
  const inner = geometry.firstInner;
  // Alternating tones; with an odd number of sectors the last gets a third, so it differs from the first.
  const sectorTone = (i: number) =>
    sectors.length % 2 === 1 && i === sectors.length - 1
      ? styles.sectorThird
      : i % 2
        ? styles.sectorOdd
        : styles.sectorEven;
  const at = (rho: number, theta: number) => `${cx + rho * Math.sin(theta)},${cy - rho * Math.cos(theta)}`;
  const wedge = (s: Sector) => {
    const large = s.end - s.start > Math.PI ? 1 : 0;
    return `M${at(outer, s.start)}A${outer},${outer} 0 ${large} 1 ${at(outer, s.end)}L${at(inner, s.end)}A${inner},${inner} 0 ${large} 0 ${at(inner, s.start)}Z`;
  };
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: nothing here is focusable; it is decoration.
    <g aria-hidden="true">
      {sectors.length > 1 ? (
        sectors.map((s, i) => <path key={s.key} d={wedge(s)} className={sectorTone(i)} />)
      ) : (
        <circle cx={cx} cy={cy} r={outer} className={styles.sectorEven} />
      )}
      {sectors.length > 1 &&
        sectors.map((s) => (
          <line
            key={s.key}
            x1={cx + inner * Math.sin(s.start)}
            y1={cy - inner * Math.cos(s.start)}
            x2={cx + (outer + 8) * Math.sin(s.start)}
            y2={cy - (outer + 8) * Math.cos(s.start)}
            className={styles.divider}
          />
        ))}
      {rings.map((b) => (
        <circle key={b.ring} cx={cx} cy={cy} r={b.outer} className={styles.ring} />
      ))}
      {sectors.map((s) => (
        <text
          key={s.key}
          x={s.label.x}
          y={s.label.y}
          textAnchor={s.label.anchor}
          className={styles.sectorLabel}
        >
          {s.label.text}
        </text>
      ))}
      {rings.map((b) => (
        <g key={b.ring} transform={`translate(${b.label.x},${b.label.y})`}>
          <title>{`Ring ${b.ring}: ${ringHint[b.ring]}`}</title>
          <rect x={-21} y={-9} width={42} height={18} rx={9} className={styles.ringPill} />
          <text y={4} textAnchor="middle" className={styles.ringText}>
            Ring {b.ring}
          </text>
        </g>
      ))}
      <circle cx={cx} cy={cy} r={layout.youRadius} className={styles.you} />
      <text x={cx} y={cy + 4.5} textAnchor="middle" className={styles.youText}>
        You
      </text>
    </g>
  );
});

interface PersonNodeProps {
  node: OrbitNode;
  column: number;
  name: string;
  label: string;
  sentiment: Sentiment;
  tabbable: boolean;
  focused: boolean;
  shown: boolean;
  className: string;
}

/** One person: re-renders only when their own sentiment, focus or card state changes. */
const PersonNode = memo(function PersonNode(props: PersonNodeProps) {
  const styles = useStyles();
  const sentimentStyles = useSentimentStyles();
  const { node, sentiment } = props;
  const r = node.r;
  const fontSize = Math.max(10.5, Math.min(17, r * 0.7));
  const badge = Math.max(10, Math.min(14, r * 0.66));
  const offset = r * 0.72;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG gridcell has no HTML element to use instead.
    <g
      role="gridcell"
      aria-colindex={props.column}
      aria-label={props.label}
      aria-selected={props.shown || undefined}
      tabIndex={props.tabbable ? 0 : -1}
      data-person-id={node.id}
      transform={`translate(${node.x.toFixed(2)},${node.y.toFixed(2)})`}
      className={props.className}
    >
      {props.shown && <circle r={r + 4} className={styles.shown} />}
      <circle r={r} className={mergeClasses("orbit-avatar", sentimentStyles[sentiment])} />
      <text
        y={fontSize * 0.36}
        textAnchor="middle"
        fontSize={fontSize}
        className={mergeClasses(styles.initials, sentimentStyles[textClass[sentiment]])}
      >
        {initials(props.name)}
      </text>
      {sentiment !== "unknown" && (
        <g transform={`translate(${offset.toFixed(2)},${offset.toFixed(2)})`}>
          <SentimentBadge sentiment={sentiment} size={badge} />
        </g>
      )}
      {props.focused && (
        <>
          <circle r={r + 6} className={styles.focusOuter} />
          <circle r={r + 4.25} className={styles.focusInner} />
        </>
      )}
    </g>
  );
});

/** The name of the person pointed at or focused, on a tag beside them: where it covers the fewest others. */
function NameTag(props: { node: OrbitNode; name: string; layout: OrbitLayout }) {
  const styles = useStyles();
  const { node, layout } = props;
  const width = props.name.length * 7.4 + 16;
  const height = 22;
  const gap = 8;
  const candidates = [
    { x: node.x - width / 2, y: node.y - node.r - gap - height },
    { x: node.x - width / 2, y: node.y + node.r + gap },
    { x: node.x + node.r + gap, y: node.y - height / 2 },
    { x: node.x - node.r - gap - width, y: node.y - height / 2 },
  ].map((c) => ({
    x: Math.min(Math.max(c.x, 2), layout.width - width - 2),
    y: Math.min(Math.max(c.y, 2), layout.height - height - 2),
  }));
  const you = { id: "", x: layout.cx, y: layout.cy, r: layout.youRadius };
  const covered = (c: { x: number; y: number }) =>
    [...layout.nodes, you].filter((n) => {
      if (n.id === node.id) return false;
      const nearestX = Math.min(Math.max(n.x, c.x), c.x + width);
      const nearestY = Math.min(Math.max(n.y, c.y), c.y + height);
      return Math.hypot(n.x - nearestX, n.y - nearestY) < n.r;
    }).length;
  let best = candidates[0]!;
  let fewest = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const count = covered(c);
    if (count < fewest) {
      fewest = count;
      best = c;
    }
  }
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: not focusable; the focused cell already says the name.
    <g aria-hidden="true" pointerEvents="none">
      <rect x={best.x} y={best.y} width={width} height={height} rx={4} className={styles.nameTag} />
      <text x={best.x + width / 2} y={best.y + 15.5} textAnchor="middle" className={styles.nameText}>
        {props.name}
      </text>
    </g>
  );
}
