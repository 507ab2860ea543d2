import { useCallback, useEffect, useState } from "react";
import { useSession } from "./session";

export type Resource<T> =
  | { state: "loading" }
  | { state: "ready"; value: T; reload: () => void }
  | { state: "error"; message: string; reload: () => void };

/** GETs an API path as the signed-in user; `reload` fetches again (after an edit, a finished sync). */
export function useResource<T>(path: string | null): Resource<T> {
  const { api } = useSession();
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const [resource, setResource] = useState<Resource<T>>({ state: "loading" });
  useEffect(() => {
    if (path === null) return;
    void generation;
    const abort = new AbortController();
    setResource((r) => (r.state === "ready" ? r : { state: "loading" }));
    api<T>(path, { signal: abort.signal }).then(
      (value) => setResource({ state: "ready", value, reload }),
      (error: Error) =>
        !abort.signal.aborted && setResource({ state: "error", message: error.message, reload }),
    );
    return () => abort.abort();
  }, [api, path, generation, reload]);
  return resource;
}
