import {
  Body1,
  Button,
  Caption1,
  Field,
  makeStyles,
  mergeClasses,
  Select,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import type { Quadrant, RegisterEntry } from "../../app/api";
import { Section } from "../settings/Section";
import type { ActionTarget } from "./ActionDialog";
import { GridSelect, useGridPlacer } from "./GridSelect";
import { quadrants } from "./grid";
import { noOutcome, type Outcome, StatusLine } from "./StatusLine";

const useStyles = makeStyles({
  layout: { display: "grid", gridTemplateColumns: "auto 1fr", gap: tokens.spacingHorizontalS },
  // The axis names sit outside the quadrants, as on the classic drawing.
  yAxis: {
    writingMode: "vertical-rl",
    transform: "rotate(180deg)",
    textAlign: "center",
    color: tokens.colorNeutralForeground2,
  },
  xAxis: { gridColumn: 2, textAlign: "center", color: tokens.colorNeutralForeground2 },
  quadrants: {
    display: "grid",
    gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  quadrant: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    minHeight: "96px",
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    "& > *": { margin: 0 },
  },
  // What needs the most attention stands out a little.
  closely: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  names: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  form: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM },
  // Each field takes a share of the row and wraps below the others on a phone, never wider than the card.
  field: { flex: "1 1 14rem", minWidth: 0, gridTemplateColumns: "minmax(0, 1fr)" },
  // A select is as wide as its longest option unless told otherwise.
  fill: { width: "100%", minWidth: 0, "& select": { minWidth: 0, width: "100%" } },
});

/**
 * The influence/interest grid: who sits in each quadrant, and a form to place anyone you work with (the
 * register's selects move people already on it). Nothing here needs dragging.
 */
export function InfluenceGrid(props: {
  register: readonly RegisterEntry[];
  people: readonly ActionTarget[];
  onChanged: () => void;
}) {
  const styles = useStyles();
  const [person, setPerson] = useState("");
  const [place, setPlace] = useState<Quadrant | "">("");
  const [message, setMessage] = useState<Outcome>(noOutcome);
  const placer = useGridPlacer((result) => {
    setMessage(result);
    if (!result.error) {
      setPerson("");
      setPlace("");
    }
    props.onChanged();
  });
  const placed = props.register.filter((e) => e.grid);
  const onGrid = new Set(placed.map((e) => e.personId));
  const candidates = props.people.filter((p) => !onGrid.has(p.id));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = candidates.find((p) => p.id === person);
    if (!chosen || !place) {
      setMessage({ error: true, text: "Choose a person and a place on the grid." });
      return;
    }
    void placer(chosen, place);
  };

  return (
    <Section
      title="Influence and interest"
      lead="How much each stakeholder can affect your work, and how much they care about it. The quadrant says what to do."
    >
      <div className={styles.layout}>
        <Caption1 className={styles.yAxis} aria-hidden="true">
          Influence: low → high
        </Caption1>
        <div className={styles.quadrants}>
          {quadrants.map((q) => {
            const here = placed.filter((e) => e.grid?.quadrant === q.quadrant);
            return (
              <section
                key={q.quadrant}
                aria-label={`${q.label}: ${q.influence} influence, ${q.interest} interest`}
                className={mergeClasses(styles.quadrant, q.quadrant === "manageClosely" && styles.closely)}
              >
                <Subtitle2 as="h4">{q.label}</Subtitle2>
                <Caption1 className={styles.muted}>
                  {q.influence} influence · {q.interest} interest
                </Caption1>
                {here.length === 0 ? (
                  <Body1 className={styles.muted}>No one yet</Body1>
                ) : (
                  <ul className={styles.names}>
                    {here.map((e) => (
                      <li key={e.personId}>
                        <Body1>{e.name}</Body1>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
        <Caption1 className={styles.xAxis} aria-hidden="true">
          Interest: low → high
        </Caption1>
      </div>
      <form className={styles.form} onSubmit={submit} aria-label="Place someone on the grid">
        <Field label="Person" className={styles.field}>
          <Select value={person} className={styles.fill} onChange={(_e, data) => setPerson(data.value)}>
            <option value="">Choose someone you work with</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Place" className={styles.field}>
          <GridSelect label="Place on the grid" value={place} onChange={setPlace} className={styles.fill} />
        </Field>
        <Button type="submit">Place on the grid</Button>
      </form>
      <StatusLine error={message.error}>{message.text}</StatusLine>
    </Section>
  );
}
