import { useEffect, useState } from "react";
import type { SyncStatus } from "../../app/api";
import { useSession } from "../../app/session";
import { EmptyState } from "../../app/states";

/**
 * No stakeholders yet: either the sync is still reading (the map fills in when it finishes; the shell
 * reloads the report) or nothing two-way was found in the window.
 */
export function EmptyMap(props: { windowDays: number; oneWay: number }) {
  const { api } = useSession();
  const [running, setRunning] = useState<boolean | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      api<SyncStatus>("/api/sync").then(
        (s) => {
          if (stopped) return;
          setRunning(s.running);
          if (s.running) timer = setTimeout(poll, 3000);
        },
        () => !stopped && setRunning(false),
      );
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);

  if (running !== false) {
    return (
      <EmptyState title="Your map is on its way">
        Orbit is still reading your mail and calendar metadata. The people you work with appear here as soon
        as the sync finishes.
      </EmptyState>
    );
  }
  return (
    <EmptyState title="Nobody on your map yet">
      Nothing two-way was found in the last {props.windowDays} days: someone joins your map once you have both
      written to each other, or met in a meeting of at most 8 people.
      {props.oneWay > 0 ? ` ${props.oneWay} one-way contacts were found.` : ""}
    </EmptyState>
  );
}
