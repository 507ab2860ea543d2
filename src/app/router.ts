import { useEffect, useState } from "react";

/** Client-side routes under the one page the server serves: /tab/<page> and /taskpane. */
export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  return path;
}

/** Moves to another route, keeping the query (the standalone page's ?theme=). */
export function navigate(path: string): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, "", `${path}${window.location.search}`);
  window.dispatchEvent(new PopStateEvent("popstate"));
}
