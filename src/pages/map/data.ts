import { useCallback, useMemo, useState } from "react";
import type { Preferences, Sentiment, StakeholderNote } from "../../app/api";
import { useSession } from "../../app/session";
import { useResource } from "../../app/useResource";

/** What the map adds to the report: the user's sentiment notes and the people they hid. */
export type MapData =
  | { state: "loading" }
  | { state: "error"; message: string; retry: () => void }
  | {
      state: "ready";
      notes: ReadonlyMap<string, StakeholderNote>;
      hiddenIds: readonly string[];
      saveNote: (personId: string, value: { sentiment: Sentiment; note: string }) => Promise<StakeholderNote>;
      setHidden: (personId: string, hidden: boolean) => Promise<void>;
    };

export function useMapData(): MapData {
  const { api } = useSession();
  const notes = useResource<{ notes: StakeholderNote[] }>("/api/notes");
  const preferences = useResource<{ preferences: Preferences }>("/api/preferences");
  // Edits made here since the last load, over what the server sent.
  const [savedNotes, setSavedNotes] = useState<ReadonlyMap<string, StakeholderNote>>(new Map());
  const [hiddenIds, setHiddenIds] = useState<readonly string[] | null>(null);

  const merged = useMemo(() => {
    const all = new Map<string, StakeholderNote>();
    if (notes.state === "ready") for (const n of notes.value.notes) all.set(n.personId, n);
    for (const [id, n] of savedNotes) all.set(id, n);
    return all;
  }, [notes, savedNotes]);

  const saveNote = useCallback(
    async (personId: string, value: { sentiment: Sentiment; note: string }) => {
      const saved = await api<StakeholderNote>(`/api/notes/${encodeURIComponent(personId)}`, {
        method: "PUT",
        body: { sentiment: value.sentiment, note: value.note.trim() },
      });
      setSavedNotes((m) => new Map(m).set(personId, saved));
      return saved;
    },
    [api],
  );

  // The preferences are read fresh before each change, so a change made meanwhile on Settings & privacy
  // (the window, the target) is kept rather than overwritten with what this page loaded.
  const setHidden = useCallback(
    async (personId: string, hidden: boolean) => {
      const { preferences: fresh } = await api<{ preferences: Preferences }>("/api/preferences");
      const others = fresh.hiddenContactIds.filter((id) => id !== personId);
      const { preferences: stored } = await api<{ preferences: Preferences }>("/api/preferences", {
        method: "PUT",
        body: { ...fresh, hiddenContactIds: hidden ? [...others, personId] : others },
      });
      setHiddenIds(stored.hiddenContactIds);
    },
    [api],
  );

  if (notes.state === "error" || preferences.state === "error") {
    const failed = notes.state === "error" ? notes : preferences;
    return {
      state: "error",
      message: failed.state === "error" ? failed.message : "",
      retry: () => {
        if (notes.state === "error") notes.reload();
        if (preferences.state === "error") preferences.reload();
      },
    };
  }
  if (notes.state === "loading" || preferences.state === "loading") return { state: "loading" };
  return {
    state: "ready",
    notes: merged,
    hiddenIds: hiddenIds ?? preferences.value.preferences.hiddenContactIds,
    saveNote,
    setHidden,
  };
}
