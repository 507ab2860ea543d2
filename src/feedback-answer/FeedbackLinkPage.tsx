import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Subtitle2,
  Title2,
  tokens,
} from "@fluentui/react-components";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import type { Load } from "../App";
import type { About } from "../app/api";
import { DemoSignIn } from "../app/DemoSignIn";
import type { HostInfo } from "../app/host";
import { SessionProvider } from "../app/session";
import { ErrorState, Loading } from "../app/states";
import { AnswerForm } from "../pages/feedback/AnswerForm";
import { SIGN_IN_RETURN_PATH } from "./paths";

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    boxSizing: "border-box",
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    "@media (max-width: 599px)": { padding: tokens.spacingHorizontalL },
  },
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
    maxWidth: "760px",
  },
  titles: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, "& > *": { margin: 0 } },
  lead: { color: tokens.colorNeutralForeground2 },
  card: { maxWidth: "760px" },
  column: { maxWidth: "760px", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

/** A feedback link's token as the mail gives it: /feedback/<token>. */
const TOKEN = /^\/feedback\/([A-Za-z0-9_-]{32,64})\/?$/;

/** The API token on the web in Entra mode: msal-browser's, kept by msal for this browser tab. */
type WebToken = { state: "checking" } | { state: "none"; error?: string } | { state: "ready"; token: string };

/**
 * The page a feedback mail links to, outside the tab: sign in (the demo sign-in on the demo tenant,
 * msal-browser with PKCE against Entra, the host's SSO when a Microsoft 365 host opens it), then the form.
 * The link alone shows nothing: the API gives the form only to the person it was sent to.
 */
export function FeedbackLinkPage(props: LinkPageProps) {
  return props.path === SIGN_IN_RETURN_PATH ? <SignInReturn /> : <LinkPage {...props} />;
}

interface LinkPageProps {
  path: string;
  host: HostInfo;
  about: Load<About>;
  token: Load<string | null>;
  onSignedIn: (token: string) => void;
  onSignOut: () => void;
}

/**
 * The sign-in pop-up's last page: msal-browser's redirect bridge hands Entra's answer to the page that
 * opened the pop-up, which closes it. What shows here is only for the moment before that.
 */
function SignInReturn() {
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    import("@azure/msal-browser/redirect-bridge")
      .then((bridge) => bridge.broadcastResponseToMainFrame())
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <main className={styles.page}>
      {error ? (
        <ErrorState title="Signing in did not finish" message={error} />
      ) : (
        <Loading label="Finishing signing in…" />
      )}
    </main>
  );
}

function LinkPage(props: LinkPageProps) {
  const styles = useStyles();
  const { about, host } = props;
  const linkToken = TOKEN.exec(props.path)?.[1];
  const entraWeb = about.state === "ready" && about.value.mode === "entra" && !host.inHost;
  const web = useWebToken(entraWeb && about.state === "ready" ? about.value.signIn : undefined);

  const apiToken = entraWeb
    ? web.token.state === "ready"
      ? web.token.token
      : null
    : props.token.state === "ready"
      ? props.token.value
      : null;
  const signOut = entraWeb ? web.signOut : props.onSignOut;

  let body: ReactNode;
  if (!linkToken)
    body = (
      <ErrorState
        title="This link is incomplete"
        message="Open the link from the feedback mail as it is; it may have been cut off when it was copied."
      />
    );
  else if (about.state === "error")
    body = <ErrorState title="Orbit's server did not answer" message={about.message} />;
  else if (props.token.state === "error")
    body = <ErrorState title="Microsoft 365 did not sign you in" message={props.token.message} />;
  else if (apiToken)
    body = (
      <SessionProvider host={host} token={apiToken} onSignOut={signOut}>
        <AnswerForm source={{ token: linkToken }} headingLevel="h2" />
      </SessionProvider>
    );
  else if (about.state === "loading" || props.token.state === "loading" || web.token.state === "checking")
    body = <Loading label="Connecting to Orbit…" />;
  else
    body = (
      <Card className={styles.card}>
        <CardHeader header={<Subtitle2 as="h2">Sign in to answer</Subtitle2>} />
        <Body1 as="p">
          This request is for you only: sign in as the person it was sent to. Your answers go to the person
          who asked.
        </Body1>
        {about.value.mode === "demo" ? (
          <DemoSignIn onSignedIn={props.onSignedIn} />
        ) : (
          <div>
            <Button appearance="primary" onClick={web.signIn}>
              Sign in with Microsoft
            </Button>
            {web.token.state === "none" && web.token.error && (
              <ErrorState title="You were not signed in" message={web.token.error} />
            )}
          </div>
        )}
      </Card>
    );

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <div className={styles.titles}>
          <Title2 as="h1">Orbit feedback</Title2>
          <Body1 as="p" className={styles.lead}>
            A colleague asks how working together goes.
          </Body1>
        </div>
        {apiToken && !host.inHost && <Button onClick={signOut}>Sign out</Button>}
      </header>
      <div className={styles.column}>
        {about.state === "ready" && about.value.mode === "demo" && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Demo data</MessageBarTitle>A generated organisation, not your Microsoft 365
              data.
            </MessageBarBody>
          </MessageBar>
        )}
        {body}
        {about.state === "ready" && (
          <Caption1 as="p">
            {about.value.name} {about.value.version}
          </Caption1>
        )}
      </div>
    </main>
  );
}

/** msal-browser's sign-in for this page in Entra mode (loaded on demand, never with the tab). */
function useWebToken(signIn: About["signIn"] | undefined) {
  const [token, setToken] = useState<WebToken>({ state: signIn ? "checking" : "none" });
  useEffect(() => {
    if (!signIn) return;
    let live = true;
    import("./msal")
      .then((msal) => msal.silentWebToken(signIn))
      .then(
        (t) => live && setToken(t ? { state: "ready", token: t } : { state: "none" }),
        (error: Error) => live && setToken({ state: "none", error: error.message }),
      );
    return () => {
      live = false;
    };
  }, [signIn]);
  const start = useCallback(async () => {
    if (!signIn) return;
    try {
      const msal = await import("./msal");
      setToken({ state: "ready", token: await msal.webSignIn(signIn) });
    } catch (error) {
      setToken({ state: "none", error: (error as Error).message });
    }
  }, [signIn]);
  const end = useCallback(async () => {
    if (!signIn) return;
    await (await import("./msal")).webSignOut(signIn);
    setToken({ state: "none" });
  }, [signIn]);
  return { token, signIn: start, signOut: end };
}
