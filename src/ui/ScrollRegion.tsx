import type { ReactNode } from "react";

/**
 * A wide table's horizontal scroller. On a phone it scrolls; focusable, so the keyboard can scroll it
 * too, and a named region, so a screen reader says what the stop is.
 */
export function ScrollRegion(props: { label: string; className: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled from the keyboard (WCAG 2.1.1).
    <section aria-label={props.label} tabIndex={0} className={props.className}>
      {props.children}
    </section>
  );
}
