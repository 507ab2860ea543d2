import { useState } from "react";

/** The ids ticked in a dialog's list of checkboxes. */
export function usePicked() {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  return {
    size: picked.size,
    has: (id: string) => picked.has(id),
    toggle: (id: string, on: boolean) =>
      setPicked((current) => {
        const next = new Set(current);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    clear: () => setPicked(new Set()),
  };
}
