import { app } from "@microsoft/teams-js";
import { useEffect, useState } from "react";
import type { HostInfo } from "../../app/host";

/** A feedback link's token: base64url, as the API checks it (server/api/routes/feedback.ts). */
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/**
 * The feedback link the tab was opened with, if any. The mail's Teams deep link carries the token as
 * `context.subEntityId`, which teams-js gives the tab as `page.subPageId`; the standalone tab takes it
 * as `?token=`. Anything that is not a token shape is ignored.
 */
export function useLinkToken(
  host: HostInfo,
): { state: "loading" } | { state: "ready"; token: string | null } {
  const [token, setToken] = useState<{ state: "loading" } | { state: "ready"; token: string | null }>(
    host.inHost ? { state: "loading" } : { state: "ready", token: standaloneToken() },
  );
  useEffect(() => {
    if (!host.inHost) return;
    let live = true;
    app.getContext().then(
      (context) => live && setToken({ state: "ready", token: valid(context.page.subPageId) }),
      () => live && setToken({ state: "ready", token: null }),
    );
    return () => {
      live = false;
    };
  }, [host.inHost]);
  return token;
}

const valid = (value: string | null | undefined) => (value && TOKEN.test(value) ? value : null);
const standaloneToken = () => valid(new URLSearchParams(window.location.search).get("token"));
