import { Button, Dropdown, Field, makeStyles, Option, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { type DemoPerson, fetchJson } from "./api";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-end", flexWrap: "wrap" },
  dropdown: { minWidth: "320px" },
});

/** The standalone page's sign-in on the demo tenant: pick a person of the generated organisation. */
export function DemoSignIn(props: { onSignedIn: (token: string) => void }) {
  const styles = useStyles();
  const [people, setPeople] = useState<DemoPerson[]>([]);
  const [chosen, setChosen] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    fetchJson<{ value: DemoPerson[] }>("/api/demo/people", { signal: abort.signal }).then(
      (answer) => setPeople(answer.value),
      (e: Error) => !abort.signal.aborted && setError(e.message),
    );
    return () => abort.abort();
  }, []);

  const signIn = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await fetchJson<{ accessToken: string }>("/api/demo/token", {
        body: { userId: chosen },
      });
      props.onSignedIn(answer.accessToken);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.row}>
      <Field
        label="Sign in as a demo person"
        validationMessage={error}
        validationState={error ? "error" : "none"}
      >
        <Dropdown
          className={styles.dropdown}
          placeholder={people.length === 0 ? "Loading people…" : "Choose a person"}
          disabled={people.length === 0}
          onOptionSelect={(_e, data) => setChosen(data.optionValue)}
        >
          {people.map((p) => (
            <Option key={p.id} value={p.id} text={p.displayName}>
              {p.displayName} — {p.jobTitle ?? "no title"}, {p.department ?? "no department"}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button appearance="primary" disabled={!chosen || busy} onClick={signIn}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </div>
  );
}
