import { useEffect, useRef, useState } from "react";
import type { SyncStatus } from "../app/api";
import { useSession } from "../app/session";

/** A sync older than this is refreshed when the pane opens (new mail may have arrived since). */
const STALE_MS = 15 * 60 * 1000;

export type PaneSync =
  | { state: "checking" }
  | { state: "firstSync"; items: number; percent: number | null }
  | { state: "ready"; refreshing: boolean }
  | { state: "failed"; message: string };

/**
 * Keeps the signed-in user's mail metadata fresh enough for the card: a first sync when there has never
 * been one (the card waits for it), a background refresh when the last one is stale (the card is shown
 * at once and reloaded after). `onSynced` runs when a sync finishes.
 */
export function usePaneSync(onSynced: () => void): PaneSync {
  const { api } = useSession();
  const [sync, setSync] = useState<PaneSync>({ state: "checking" });
  const synced = useRef(onSynced);
  synced.current = onSynced;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = false;
    const show = (s: SyncStatus) => {
      if (stopped) return;
      if (s.running && first) setSync({ state: "firstSync", items: s.items, percent: s.percent });
      else if (s.running) setSync({ state: "ready", refreshing: true });
      else if (!s.lastSuccessAt && s.lastError) setSync({ state: "failed", message: s.lastError.message });
      else setSync({ state: "ready", refreshing: false });
    };
    const poll = async () => {
      try {
        const s = await api<SyncStatus>("/api/sync");
        show(s);
        if (s.running) timer = setTimeout(poll, 1500);
        else if (!stopped) synced.current();
      } catch (e) {
        if (!stopped) setSync({ state: "failed", message: (e as Error).message });
      }
    };
    (async () => {
      try {
        let s = await api<SyncStatus>("/api/sync");
        first = !s.lastSuccessAt;
        const stale = !s.lastSuccessAt || Date.now() - Date.parse(s.lastSuccessAt) > STALE_MS;
        if (!s.running && stale) s = await api<SyncStatus>("/api/sync", { method: "POST" });
        show(s);
        if (s.running) timer = setTimeout(poll, 1000);
      } catch (e) {
        if (!stopped) setSync({ state: "failed", message: (e as Error).message });
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);

  return sync;
}
