import { useCallback, useEffect, useState } from "react";
import { useSession } from "./session";

export type Resource<T> = { reload: () => void } & (
  | { state: "loading" }
  | { state: "ready"; value: T }
  | { state: "error"; message: string }
);

/**
 * GETs an API path as the signed-in user; `reload` fetches again (after an edit, a finished sync), in
 * any state: a load already under way may have started before the edit, so it is started anew.
 */
export function useResource<T>(path: string | null): Resource<T> {
  const { api } = useSession();
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const [resource, setResource] = useState<Resource<T>>({ state: "loading", reload });
  useEffect(() => {
    if (path === null) return;
    void generation;
    const abort = new AbortController();
    setResource((r) => (r.state === "ready" ? r : { state: "loading", reload }));
    api<T>(path, { signal: abort.signal }).then(
      (value) => setResource({ state: "ready", value, reload }),
      (error: Error) =>
        !abort.signal.aborted && setResource({ state: "error", message: error.message, reload }),
    );
    return () => abort.abort();
  }, [api, path, generation, reload]);
  return resource;
}
