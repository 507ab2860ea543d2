import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Spinner,
  Subtitle2,
  Title2,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { type About, fetchJson, type Me } from "./api";
import { DemoSignIn } from "./DemoSignIn";
import { SyncStatus } from "./SyncStatus";

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
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > *": { margin: 0 } },
  signedIn: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalM,
  },
  card: { maxWidth: "720px" },
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

const tokenKey = "orbit.demoToken";

export function App() {
  const styles = useStyles();
  const dark = usePrefersDark();
  const [about, setAbout] = useState<Load<About>>({ state: "loading" });
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(tokenKey));
  const [me, setMe] = useState<Load<Me> | undefined>();

  useEffect(() => {
    const abort = new AbortController();
    fetchJson<About>("/api/about", { signal: abort.signal }).then(
      (value) => setAbout({ state: "ready", value }),
      (error: Error) => !abort.signal.aborted && setAbout({ state: "error", message: error.message }),
    );
    return () => abort.abort();
  }, []);

  useEffect(() => {
    if (!token) return setMe(undefined);
    const abort = new AbortController();
    setMe({ state: "loading" });
    fetchJson<Me>("/api/me", { signal: abort.signal, token }).then(
      (value) => setMe({ state: "ready", value }),
      (error: Error) => {
        if (abort.signal.aborted) return;
        setMe({ state: "error", message: error.message });
        sessionStorage.removeItem(tokenKey);
      },
    );
    return () => abort.abort();
  }, [token]);

  const signIn = (accessToken: string) => {
    sessionStorage.setItem(tokenKey, accessToken);
    setToken(accessToken);
  };
  const signOut = () => {
    sessionStorage.removeItem(tokenKey);
    setToken(null);
  };

  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <main className={styles.page}>
        <header className={styles.header}>
          <Title2 as="h1">Orbit</Title2>
          <Body1 as="p">
            Who you actually work with, how you serve them, and how quickly you answer your own people.
          </Body1>
        </header>
        {about.state === "ready" && about.value.mode === "demo" && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Demo data</MessageBarTitle>
              Orbit is running on its built-in demo tenant: a generated organisation, not your Microsoft 365
              data.
            </MessageBarBody>
          </MessageBar>
        )}
        <Card className={styles.card}>
          <CardHeader header={<Subtitle2 as="h2">You</Subtitle2>} />
          {about.state === "loading" && <Spinner size="small" label="Connecting to the Orbit server…" />}
          {about.state === "error" && (
            <MessageBar intent="error">
              <MessageBarBody>Orbit's server did not answer: {about.message}</MessageBarBody>
            </MessageBar>
          )}
          {about.state === "ready" && !token && about.value.mode === "demo" && (
            <DemoSignIn onSignedIn={signIn} />
          )}
          {me?.state === "loading" && <Spinner size="small" label="Signing in…" />}
          {me?.state === "error" && (
            <MessageBar intent="error">
              <MessageBarBody>Sign-in failed: {me.message}</MessageBarBody>
            </MessageBar>
          )}
          {me?.state === "ready" && (
            <div className={styles.signedIn}>
              <Body1 as="p">
                Signed in as <strong>{me.value.displayName}</strong> ({me.value.mail})
                {me.value.jobTitle ? `, ${me.value.jobTitle}` : ""}
                {me.value.department ? ` in ${me.value.department}` : ""}.
              </Body1>
              {token && <SyncStatus token={token} />}
              <Button onClick={signOut}>Sign out</Button>
            </div>
          )}
        </Card>
        {about.state === "ready" && (
          <Caption1 as="p">
            {about.value.name} {about.value.version} · data in{" "}
            {about.value.store === "pglite" ? "the embedded database" : "PostgreSQL"}
          </Caption1>
        )}
      </main>
    </FluentProvider>
  );
}
