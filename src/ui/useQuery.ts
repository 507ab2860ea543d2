import { startTransition, useCallback, useEffect, useState } from "react";

const changed = "orbit:query";

/**
 * The page's query string as state (?view=table&list=oneway), so a view is remembered in the URL and
 * survives a reload. Changes replace the history entry (switching views is not navigation) and keep
 * every other parameter (the standalone page's ?theme=).
 */
export function useQuery(): [URLSearchParams, (patch: Record<string, string | null>) => void] {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    // A transition: a new view (a table of 150 people) renders in slices the browser can interleave
    // with input and frames, while the current one stays on screen until it is ready.
    const sync = () => startTransition(() => setSearch(window.location.search));
    window.addEventListener("popstate", sync);
    window.addEventListener(changed, sync);
    return () => {
      window.removeEventListener("popstate", sync);
      window.removeEventListener(changed, sync);
    };
  }, []);
  const update = useCallback((patch: Record<string, string | null>) => {
    const params = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    const query = params.toString();
    window.history.replaceState(
      window.history.state,
      "",
      `${window.location.pathname}${query ? `?${query}` : ""}`,
    );
    window.dispatchEvent(new Event(changed));
  }, []);
  return [new URLSearchParams(search), update];
}
