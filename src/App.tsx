import {
  Body1,
  Caption1,
  Card,
  CardHeader,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Subtitle2,
  Title2,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { type About, fetchJson } from "./api";

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    boxSizing: "border-box",
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground2,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
  },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, margin: 0 },
  card: { maxWidth: "640px" },
});

function usePrefersDark(): boolean {
  const query = "(prefers-color-scheme: dark)";
  const [dark, setDark] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    const onChange = (e: MediaQueryListEvent) => setDark(e.matches);
    list?.addEventListener("change", onChange);
    return () => list?.removeEventListener("change", onChange);
  }, []);
  return dark;
}

type Load<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "error"; message: string };

export function App() {
  const styles = useStyles();
  const dark = usePrefersDark();
  const [about, setAbout] = useState<Load<About>>({ state: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    fetchJson<About>("/api/about", abort.signal).then(
      (value) => setAbout({ state: "ready", value }),
      (error: Error) => !abort.signal.aborted && setAbout({ state: "error", message: error.message }),
    );
    return () => abort.abort();
  }, []);

  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <main className={styles.page}>
        <header className={styles.header}>
          <Title2 as="h1">Orbit</Title2>
          <Body1 as="p">
            Who you actually work with, how you serve them, and how quickly you answer your own people.
          </Body1>
        </header>
        <Card className={styles.card}>
          <CardHeader header={<Subtitle2 as="h2">Server</Subtitle2>} />
          {about.state === "loading" && <Spinner size="small" label="Connecting to the Orbit server…" />}
          {about.state === "error" && (
            <MessageBar intent="error">
              <MessageBarBody>Orbit's server did not answer: {about.message}</MessageBarBody>
            </MessageBar>
          )}
          {about.state === "ready" && (
            <Caption1 as="p">
              {about.value.name} {about.value.version}, storing data in{" "}
              {about.value.store === "pglite" ? "the embedded database" : "PostgreSQL"}.
            </Caption1>
          )}
        </Card>
      </main>
    </FluentProvider>
  );
}
