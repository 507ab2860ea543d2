import { Body1, Button, makeStyles, Persona, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { useReport } from "../../app/report";
import { InlineError } from "../../ui/InlineError";
import { Section } from "./Section";
import type { PreferencesStore } from "./usePreferences";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} 0`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  empty: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/** "Hidden from my map": the people the user hid on the Map, each with "Show again". */
export function HiddenContacts(props: { hiddenIds: string[]; store: PreferencesStore }) {
  const styles = useStyles();
  const report = useReport();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameOf = useMemo(() => {
    const names = new Map<string, { name: string; mail: string | null }>();
    if (report.state === "ready")
      for (const c of [...report.value.oneWay, ...report.value.stakeholders])
        names.set(c.id, { name: c.displayName || c.mail || c.id, mail: c.mail || null });
    return (id: string) => names.get(id) ?? { name: id, mail: null };
  }, [report]);

  const show = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await props.store.update((current) => ({
        ...current,
        hiddenContactIds: current.hiddenContactIds.filter((h) => h !== id),
      }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section
      title="Hidden from my map"
      lead="People you hid on the Map. They still count in your figures; they are only left off the picture."
    >
      {props.hiddenIds.length === 0 ? (
        <Body1 as="p" className={styles.empty}>
          Nobody is hidden. You can hide a person from their card on the Map.
        </Body1>
      ) : (
        <ul className={styles.list}>
          {props.hiddenIds.map((id) => {
            const person = nameOf(id);
            return (
              <li key={id} className={styles.item}>
                <Persona
                  size="small"
                  name={person.name}
                  secondaryText={person.mail ?? undefined}
                  avatar={{ color: "colorful", "aria-hidden": true }}
                />
                <Button
                  disabled={busy !== null}
                  onClick={() => void show(id)}
                  aria-label={`Show again: ${person.name}`}
                >
                  {busy === id ? "Showing…" : "Show again"}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {error && <InlineError title="Could not show them again" message={error} />}
    </Section>
  );
}
