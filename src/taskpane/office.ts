/// <reference types="office-js" />

/**
 * The Outlook host boundary: loading Office.js and reading the message open in the reading pane. Everything
 * Orbit needs from Outlook goes through this file, so tests can stand in for Outlook by serving their own
 * office.js at the CDN address.
 */

/** Microsoft's hosted Office.js; add-ins must load it from this CDN (not bundle it). */
export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

const LOAD_TIMEOUT_MS = 20_000;

export type OfficeHost =
  | { state: "outlook"; userAddress: string | null; dark: boolean | null }
  | { state: "notOutlook"; hostName: string | null }
  | { state: "failed"; message: string };

/** The item open in Outlook, as far as the card needs it. */
export type OpenItem =
  | { kind: "none" }
  | { kind: "notMessage" }
  | {
      kind: "message";
      senderAddress: string | null;
      senderName: string | null;
      conversationId: string | null;
      /** ISO instant the message arrived in the mailbox. */
      receivedAt: string;
      /** Changes with every selected item, so a card is never shown for the wrong message. */
      key: string;
    };

type OfficeGlobal = typeof Office;
const officeGlobal = (): OfficeGlobal | undefined =>
  (globalThis as unknown as { Office?: OfficeGlobal }).Office;

let loading: Promise<OfficeGlobal> | undefined;

/**
 * Adds the Office.js script tag once (only the task pane pays for it; the tab never loads it) and waits
 * for it. Office.js is known to clear `history.pushState`/`replaceState` in some hosts; they are put back
 * so client-side routing keeps working.
 */
function loadScript(): Promise<OfficeGlobal> {
  const present = officeGlobal();
  if (present) return Promise.resolve(present);
  loading ??= new Promise<OfficeGlobal>((resolve, reject) => {
    const { pushState, replaceState } = window.history;
    const script = document.createElement("script");
    script.src = OFFICE_JS_URL;
    script.async = true;
    const timer = setTimeout(() => fail("it took too long to load"), LOAD_TIMEOUT_MS);
    function fail(why: string) {
      clearTimeout(timer);
      loading = undefined;
      script.remove();
      reject(new Error(`Office.js could not be loaded from Microsoft (${why}).`));
    }
    script.onload = () => {
      clearTimeout(timer);
      if (typeof window.history.pushState !== "function") window.history.pushState = pushState;
      if (typeof window.history.replaceState !== "function") window.history.replaceState = replaceState;
      const office = officeGlobal();
      if (office) resolve(office);
      else fail("the script defined no Office object");
    };
    script.onerror = () => fail("the request failed; check the connection or a firewall");
    document.head.appendChild(script);
  });
  return loading;
}

/** Light or dark, from Outlook's theme colours (Outlook does not support `isDarkTheme`). */
function isDark(office: OfficeGlobal): boolean | null {
  const background = office.context?.officeTheme?.bodyBackgroundColor;
  const match = background && /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background.trim());
  if (!match) return null;
  const [r, g, b] = [match[1], match[2], match[3]].map((h) => Number.parseInt(h!, 16) / 255) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}

/** Loads Office.js and waits until Office is ready; says whether this is Outlook. */
export async function connectToOffice(): Promise<OfficeHost> {
  let office: OfficeGlobal;
  try {
    office = await loadScript();
  } catch (e) {
    return { state: "failed", message: (e as Error).message };
  }
  let info: { host: unknown; platform: unknown };
  try {
    info = await Promise.race([
      office.onReady(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("Office did not get ready")), LOAD_TIMEOUT_MS),
      ),
    ]);
  } catch (e) {
    return { state: "failed", message: (e as Error).message };
  }
  // Office.HostType.Outlook is the string "Outlook" at run time (the typings declare a numeric enum).
  const outlook = (office.HostType as unknown as Record<string, unknown> | undefined)?.Outlook ?? "Outlook";
  if (!info.host || info.host !== outlook || !office.context?.mailbox)
    return { state: "notOutlook", hostName: info.host ? String(info.host) : null };
  return {
    state: "outlook",
    userAddress: office.context.mailbox.userProfile?.emailAddress ?? null,
    dark: isDark(office),
  };
}

const toIso = (value: unknown): string | null => {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
};

/**
 * The selected item. Office.js has no "received" time on a read item: `dateTimeCreated` is when the copy
 * was created in this mailbox, that is when it arrived; `dateTimeModified` (Mailbox 1.1, not on mobile) is
 * the fallback.
 */
export function readOpenItem(): OpenItem {
  const item = officeGlobal()?.context?.mailbox?.item as Office.MessageRead | null | undefined;
  if (!item) return { kind: "none" };
  if (String(item.itemType) !== "message") return { kind: "notMessage" };
  const receivedAt = toIso(item.dateTimeCreated) ?? toIso(item.dateTimeModified) ?? new Date().toISOString();
  const from = item.from ?? item.sender;
  return {
    kind: "message",
    senderAddress: from?.emailAddress?.trim() || null,
    senderName: from?.displayName?.trim() || null,
    conversationId: item.conversationId || null,
    receivedAt,
    key: `${item.itemId ?? ""}|${item.conversationId ?? ""}|${from?.emailAddress ?? ""}|${receivedAt}`,
  };
}

/**
 * Calls `handler` when another message is selected while the pane is pinned (ItemChanged, Mailbox 1.5).
 * Returns the way to stop listening. Without Mailbox 1.5 the pane simply closes on a new selection.
 */
export function onItemChanged(handler: () => void): () => void {
  const office = officeGlobal();
  const mailbox = office?.context?.mailbox;
  if (!office || !mailbox?.addHandlerAsync) return () => {};
  if (office.context.requirements && !office.context.requirements.isSetSupported("Mailbox", "1.5"))
    return () => {};
  const eventType = (office.EventType?.ItemChanged ?? "olkItemSelectedChanged") as Office.EventType;
  mailbox.addHandlerAsync(eventType, handler);
  return () => mailbox.removeHandlerAsync?.(eventType);
}
