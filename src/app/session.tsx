import { createContext, type ReactNode, useCallback, useContext, useMemo } from "react";
import { fetchJson } from "./api";
import type { HostInfo } from "./host";

export interface Session {
  host: HostInfo;
  /** The API token (demo sign-in standalone, host SSO inside Microsoft 365). */
  token: string;
  /** Calls Orbit's API as the signed-in user. */
  api<T>(path: string, options?: { method?: string; body?: unknown; signal?: AbortSignal }): Promise<T>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider(props: {
  host: HostInfo;
  token: string;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { token, onSignOut, host } = props;
  const api = useCallback(
    <T,>(path: string, options: { method?: string; body?: unknown; signal?: AbortSignal } = {}) =>
      fetchJson<T>(path, { ...options, token }),
    [token],
  );
  const value = useMemo<Session>(
    () => ({ host, token, api, signOut: onSignOut }),
    [host, token, api, onSignOut],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
