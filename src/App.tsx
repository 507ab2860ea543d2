import {
  Body1,
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
} from "@fluentui/react-components";
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { type About, fetchJson } from "./app/api";
import { ConsentEnd } from "./app/ConsentEnd";
import { DemoSignIn } from "./app/DemoSignIn";
import { detectHost, type HostInfo, hostToken, onHostThemeChange } from "./app/host";
import { navigate, usePath } from "./app/router";
import { Shell } from "./app/Shell";
import { SessionProvider } from "./app/session";
import { ErrorState } from "./app/states";
import { themeFor } from "./app/theme";
import { connectToOffice } from "./taskpane/office";
import { TaskPane } from "./taskpane/TaskPane";

// A feedback mail's link opens its own page (msal-browser comes with it only when needed, not with the tab).
const FeedbackLinkPage = lazy(() =>
  import("./feedback-answer/FeedbackLinkPage").then((m) => ({ default: m.FeedbackLinkPage })),
);

const useStyles = makeStyles({
  landing: {
    minHeight: "100vh",
    boxSizing: "border-box",
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
  },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > *": { margin: 0 } },
  card: { maxWidth: "720px" },
});

export type Load<T> =
  | { state: "loading" }
  | { state: "ready"; value: T }
  | { state: "error"; message: string };

const tokenKey = "orbit.demoToken";

export function App() {
  const path = usePath();
  const [host, setHost] = useState<HostInfo | undefined>();
  const [about, setAbout] = useState<Load<About>>({ state: "loading" });
  const [token, setToken] = useState<Load<string | null>>({ state: "loading" });

  useEffect(() => {
    if (path === "/" || path === "/tab" || path === "/tab/") navigate("/tab/map");
  }, [path]);

  useEffect(() => {
    detectHost().then((info) => {
      setHost(info);
      onHostThemeChange(info, (theme) => setHost((h) => h && { ...h, theme }));
    });
    // Standalone, follow the system's dark and high-contrast settings live too.
    const queries = ["(prefers-color-scheme: dark)", "(forced-colors: active)"].map((q) =>
      window.matchMedia?.(q),
    );
    const onChange = () =>
      setHost((h) =>
        h && !h.inHost && !new URLSearchParams(window.location.search).get("theme")
          ? {
              ...h,
              theme:
                h.theme &&
                (window.matchMedia("(forced-colors: active)").matches
                  ? "contrast"
                  : window.matchMedia("(prefers-color-scheme: dark)").matches
                    ? "dark"
                    : "default"),
            }
          : h,
      );
    for (const q of queries) q?.addEventListener("change", onChange);
    return () => {
      for (const q of queries) q?.removeEventListener("change", onChange);
    };
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    fetchJson<About>("/api/about", { signal: abort.signal }).then(
      (value) => setAbout({ state: "ready", value }),
      (error: Error) => !abort.signal.aborted && setAbout({ state: "error", message: error.message }),
    );
    return () => abort.abort();
  }, []);

  // The API token: the host's SSO in Teams, Outlook's nested app authentication in the add-in (Entra
  // mode), else the demo sign-in's token kept for this browser tab.
  const taskPane = path.startsWith("/taskpane");
  useEffect(() => {
    if (!host || about.state !== "ready") return;
    const settle = (value: Promise<string>) =>
      value.then(
        (t) => setToken({ state: "ready", value: t }),
        (error: Error) => setToken({ state: "error", message: error.message }),
      );
    if (host.inHost) settle(hostToken());
    else if (taskPane && about.value.mode === "entra" && about.value.signIn) {
      const signIn = about.value.signIn;
      settle(
        // msal-browser is loaded only here, in the add-in, not with the tab.
        connectToOffice().then(async () => (await import("./taskpane/naa")).addInToken(signIn)),
      );
    } else setToken({ state: "ready", value: sessionStorage.getItem(tokenKey) });
  }, [host, about, taskPane]);

  const signIn = useCallback((accessToken: string) => {
    sessionStorage.setItem(tokenKey, accessToken);
    setToken({ state: "ready", value: accessToken });
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(tokenKey);
    setToken({ state: "ready", value: null });
  }, []);

  if (!host) return null;
  if (path === "/auth-end")
    return (
      <FluentProvider theme={themeFor(host)} lang={host.locale}>
        <ConsentEnd />
      </FluentProvider>
    );
  if (path.startsWith("/feedback/"))
    return (
      <FluentProvider theme={themeFor(host)} lang={host.locale}>
        <Suspense fallback={null}>
          <FeedbackLinkPage {...{ path, host, about, token }} onSignedIn={signIn} onSignOut={signOut} />
        </Suspense>
      </FluentProvider>
    );
  const signedIn = token.state === "ready" && token.value !== null && about.state === "ready";
  return (
    <FluentProvider theme={themeFor(host)} lang={host.locale}>
      {signedIn ? (
        <SessionProvider host={host} token={token.value!} onSignOut={signOut}>
          {path.startsWith("/taskpane") ? (
            <TaskPane />
          ) : (
            <Shell path={path} demo={about.value.mode === "demo"} />
          )}
        </SessionProvider>
      ) : (
        <Landing host={host} about={about} token={token} onSignedIn={signIn} />
      )}
    </FluentProvider>
  );
}

/** Before sign-in: what Orbit is, the demo banner, and the demo sign-in (or why there is none). */
function Landing(props: {
  host: HostInfo;
  about: Load<About>;
  token: Load<string | null>;
  onSignedIn: (token: string) => void;
}) {
  const styles = useStyles();
  const { about, token } = props;
  return (
    <main className={styles.landing}>
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
        <CardHeader header={<Subtitle2 as="h2">Sign in</Subtitle2>} />
        {(about.state === "loading" || token.state === "loading") && (
          <Spinner size="small" label="Connecting to the Orbit server…" />
        )}
        {about.state === "error" && (
          <ErrorState title="Orbit's server did not answer" message={about.message} />
        )}
        {token.state === "error" && (
          <ErrorState title="Microsoft 365 did not sign you in" message={token.message} />
        )}
        {about.state === "ready" && token.state === "ready" && about.value.mode === "demo" && (
          <DemoSignIn onSignedIn={props.onSignedIn} />
        )}
        {about.state === "ready" && about.value.mode === "entra" && !props.host.inHost && (
          <Body1 as="p">Open Orbit from Microsoft Teams, Outlook or the Microsoft 365 app to sign in.</Body1>
        )}
      </Card>
      {about.state === "ready" && (
        <Caption1 as="p">
          {about.value.name} {about.value.version} · data in{" "}
          {about.value.store === "pglite" ? "the embedded database" : "PostgreSQL"}
        </Caption1>
      )}
    </main>
  );
}
