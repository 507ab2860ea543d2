import type { Page } from "playwright-core";

/**
 * Frame pacing in the page, for the UI benchmark: every requestAnimationFrame interval and every long task
 * (the browser's PerformanceObserver "longtask": main-thread work over 50 ms) between start and stop, plus
 * the people focus reached (to prove the keyboard tour visited everyone).
 */

/** The page side of the recorder, as source: tsx's helpers (`__name`) do not exist in the page. */
const recorder = `(() => {
  const recording = { intervals: [], longTasks: [], focusedIds: [] };
  let running = true;
  let last = null;
  const frame = (time) => {
    if (!running) return;
    if (last !== null) recording.intervals.push(time - last);
    last = time;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) recording.longTasks.push(entry.duration);
  });
  observer.observe({ type: "longtask" });
  document.addEventListener("focusin", (event) => {
    const id = event.target.getAttribute?.("data-person-id");
    if (running && id) recording.focusedIds.push(id);
  });
  window.__orbitFrames = {
    stop() {
      running = false;
      observer.disconnect();
      return recording;
    },
  };
})()`;

export interface Recording {
  intervals: number[];
  longTasks: number[];
  focusedIds: string[];
}

export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(recorder);
}

export async function stopRecording(page: Page): Promise<Recording> {
  return page.evaluate<Recording>("window.__orbitFrames.stop()");
}

/** The q-quantile (0–1) of the values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
