import type { Client } from "@microsoft/microsoft-graph-client";
import type { z } from "zod";
import { DeltaExpiredError, deltaPages, MalformedPageError, type Page } from "../graph/pages.js";
import {
  createGraphFetcher,
  ensureOk,
  GraphRequestError,
  GraphThrottledError,
  GraphUnavailableError,
  type MailboxLimiter,
  type RetryPolicy,
} from "../graph/resilience.js";
import {
  eventSchema,
  type GraphEvent,
  type GraphMailboxSettings,
  type GraphMessage,
  mailboxSettingsSchema,
  messageSchema,
  messageSelect,
  USER_SELECT,
} from "../graph/schemas.js";
import { readTenantSettings } from "../privacy/settings.js";
import type { CalendarEventCopy } from "../store/repositories/calendar-events.js";
import {
  type MailMessageCopy,
  prepareMailPage,
  type SyncedMailFolder,
} from "../store/repositories/mail-messages.js";
import { emptySyncState, type SyncFolder, type SyncState } from "../store/repositories/sync-state.js";
import type { TenantStore } from "../store/store.js";
import { classifyMessage, type MailboxOwner } from "./classify.js";
import {
  jsonOf,
  lookUpContacts,
  organizationSchema,
  readUser,
  safeJson,
  unknownInternal,
  walkDirectory,
} from "./directory.js";

/**
 * Per-user sync of mail and calendar metadata from Graph into the store (docs/sync.md). Every delta
 * page is written together with the link that follows it in one transaction, so a process stopped at
 * any point resumes from the stored link with nothing lost and nothing written twice.
 */

const DAY = 86_400_000;
/** Sync reaches this far before the analysis window, so turns that began earlier are recognised. */
export const LOOKBACK_DAYS = 30;
/** The calendar range reaches this far past asOf. */
export const CALENDAR_AHEAD_DAYS = 30;
/** Pages fetched ahead of the one being written: enough to ride out a slow write or a slow page. */
const PREFETCH = 2;
/** A new calendarView delta round starts when the range has moved by more than this. */
export const CALENDAR_SHIFT_DAYS = 7;
export const MAIL_FOLDERS: readonly SyncedMailFolder[] = ["inbox", "archive", "sentitems"];

export class SyncBusyError extends Error {
  override readonly name = "SyncBusyError";
  constructor(
    readonly userId: string,
    readonly heldBy: string | undefined,
  ) {
    super(`User ${userId} is already being synced${heldBy ? ` by ${heldBy}` : ""}.`);
  }
}

export interface SyncProgress {
  phase: string;
  folder?: SyncFolder;
  pages: number;
  items: number;
  percent: number | null;
}

export interface SyncWindow {
  asOf: Date;
  windowDays: number;
}

export interface SyncUserOptions {
  store: TenantStore;
  /** A Graph client acting for the user (delegated) or for the app (app-only). */
  graph: Client;
  /** The user's directory object id (the store key). */
  userId: string;
  /** The mailbox to read: the user's id or userPrincipalName. */
  mailbox: string;
  window: SyncWindow;
  /** Who holds the lease while this sync runs (process or job id). */
  owner: string;
  limiter: MailboxLimiter;
  policy?: Partial<RetryPolicy>;
  onProgress?: (progress: SyncProgress) => void;
  /** Prefer: odata.maxpagesize for delta rounds (200). */
  pageSize?: number;
  /** Lease time to live (5 minutes); renewed with every page. */
  leaseTtlMs?: number;
  /** Called with the tenant's name and verified domains from /organization (e.g. Store.registerTenant). */
  registerTenant?: (tenant: { id: string; displayName: string; verifiedDomains: string[] }) => Promise<void>;
}

/** The final sync state, plus the settings and domains read on the way. */
export interface SyncResult extends SyncState {
  mailboxSettings: GraphMailboxSettings | null;
  verifiedDomains: string[];
}

const addressesOf = (list: GraphMessage["toRecipients"]) =>
  (list ?? []).map((r) => r.emailAddress.address).filter((a): a is string => !!a);

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/** Why a sync stopped: recorded as the user's last error. */
function errorOf(error: unknown): { code: string; message: string; requestId: string | null } {
  if (
    error instanceof GraphThrottledError ||
    error instanceof GraphUnavailableError ||
    error instanceof MalformedPageError ||
    error instanceof DeltaExpiredError
  ) {
    return { code: error.name, message: error.message, requestId: error.requestId ?? null };
  }
  if (error instanceof GraphRequestError) {
    return {
      code: error.code ?? `HTTP ${error.status}`,
      message: error.message,
      requestId: error.requestId ?? null,
    };
  }
  return {
    code: (error as Error).name ?? "Error",
    message: (error as Error).message ?? String(error),
    requestId: null,
  };
}

/** Stop errors that leave the data intact and are recorded, rather than thrown to the caller. */
const isRecordable = (error: unknown) =>
  error instanceof GraphThrottledError ||
  error instanceof GraphUnavailableError ||
  error instanceof MalformedPageError ||
  error instanceof DeltaExpiredError ||
  error instanceof GraphRequestError;

const PHASES = ["directory", "settings", "inbox", "archive", "sentitems", "calendar", "contacts"] as const;

export async function syncUser(options: SyncUserOptions): Promise<SyncResult> {
  const { store, userId, owner } = options;
  const ttl = options.leaseTtlMs ?? 300_000;
  const pageSize = options.pageSize ?? 200;
  const mailbox = encodeURIComponent(options.mailbox);
  const asOf = options.window.asOf;
  const syncStart = new Date(asOf.getTime() - (options.window.windowDays + LOOKBACK_DAYS) * DAY);
  const directory = createGraphFetcher(options.graph, {
    limiter: options.limiter,
    mailbox: `directory:${store.tenantId}`,
    policy: options.policy,
  });
  const outlook = createGraphFetcher(options.graph, {
    limiter: options.limiter,
    mailbox: options.mailbox,
    policy: options.policy,
  });

  // The tenant row must exist before any of the user's rows (the lease included).
  const meUrl = `/users/${mailbox}?$select=${USER_SELECT}`;
  const { user: me, problem: meProblem } = await readUser(directory, meUrl);
  if (meProblem) throw new MalformedPageError(meUrl, meProblem.requestId ?? undefined, meProblem.problem);
  if (!me)
    throw new GraphRequestError(404, "Request_ResourceNotFound", undefined, options.mailbox, "no such user");
  const organization = await directory.send({ method: "GET", url: "/organization" });
  const org = organization.status === 200 ? organizationSchema.safeParse(jsonOf(organization)) : undefined;
  // App-only /organization needs Organization.Read.All; without it the domains already stored, else
  // the user's own domain, stand in (docs/sync.md).
  const known = await store.profile.get();
  // Subjects are kept only when the tenant enabled subject use (docs/privacy.md).
  const storeSubjects = readTenantSettings(known?.settings).useSubjects;
  const ownDomain = (me.mail ?? me.userPrincipalName ?? "").split("@")[1]?.toLowerCase();
  const verifiedDomains = org?.success
    ? (org.data.value[0]!.verifiedDomains ?? []).map((d) => d.name.toLowerCase())
    : known?.verifiedDomains.length
      ? known.verifiedDomains
      : ownDomain
        ? [ownDomain]
        : [];
  if (organization.status !== 200 && organization.status !== 403) ensureOk(organization);
  await options.registerTenant?.({
    id: store.tenantId,
    displayName: (org?.success ? org.data.value[0]!.displayName : known?.displayName) ?? store.tenantId,
    verifiedDomains,
  });

  const lease = await store.syncState.tryAcquireLease(userId, owner, ttl);
  if (!lease) throw new SyncBusyError(userId, (await store.syncState.lease(userId))?.owner);

  let state: SyncState = (await store.syncState.get(userId)) ?? emptySyncState(userId);
  let mailboxSettings: GraphMailboxSettings | null = null;
  const result = () => ({ ...state, mailboxSettings, verifiedDomains });
  const progress = (phase: string, folder?: SyncFolder) => {
    const step = PHASES.indexOf(phase as (typeof PHASES)[number]);
    state.phase = phase;
    state.percent = step < 0 ? state.percent : Math.round((step / PHASES.length) * 100);
    options.onProgress?.({ phase, folder, pages: state.pages, items: state.items, percent: state.percent });
  };
  /** Malformed answers seen since the last commit, recorded with it. */
  const problems: { requestId: string | null; url: string; problem: string }[] = [];
  /** Writes state (and whatever `work` writes) atomically, while the lease is still ours. */
  const commit = async (work?: (tx: TenantStore) => Promise<void>) => {
    await store.transaction(async (tx) => {
      await work?.(tx);
      for (const p of problems.splice(0)) await tx.syncState.recordError(userId, p);
      await tx.syncState.save(state, { leaseOwner: owner, renewLeaseForMs: ttl });
    });
  };
  const record = (tx: TenantStore, requestId: string | undefined, url: string, problem: string) =>
    tx.syncState.recordError(userId, { requestId: requestId ?? null, url, problem });
  const onMalformed = (error: MalformedPageError) => {
    problems.push({
      requestId: error.requestId ?? null,
      url: error.url,
      problem: `malformed page (attempt ${error.attempts}): ${error.problem}`,
    });
  };

  /** The mailbox owner's address (for classification) and the addresses seen in this run's mail. */
  let ownerMail: string | undefined;
  let mailboxOwnerOnce: MailboxOwner | undefined;
  state = { ...state, pages: 0, items: 0, startedAt: new Date(), lastError: null };
  // The directory walk (a request per person below the user) and the contact look-ups write once, at
  // their end, and can outlast the lease: renewed meanwhile, it is not lost to expiry with nobody else
  // around. A commit still fails when another owner took it.
  let renewal: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(() => {
    renewal = renewal.then(() => store.syncState.renewLease(userId, owner, ttl)).catch(() => undefined);
  }, ttl / 3);
  heartbeat.unref();
  try {
    progress("directory");
    await commit();
    await syncDirectory();
    progress("settings");
    await commit();
    // Settings are read for the analysis (working hours, time zone); a refusal or an odd answer is
    // recorded and the sync goes on. Give-ups (throttling, unavailable) stop it like any other.
    const settings = await outlook.send({ method: "GET", url: `/users/${mailbox}/mailboxSettings` });
    const parsedSettings =
      settings.status === 200 ? mailboxSettingsSchema.safeParse(safeJson(settings.text)) : undefined;
    if (parsedSettings?.success) {
      mailboxSettings = parsedSettings.data;
      await store.people.setMailboxSettings(userId, mailboxSettings);
    } else
      problems.push({
        requestId: settings.requestId ?? null,
        url: settings.url,
        problem: `mailboxSettings: ${settings.status === 200 ? "unexpected shape" : `status ${settings.status}`}`,
      });
    // A folder whose page stays malformed is left at its last good link and the others go on; the
    // sync then ends "partial" with that error, and the next sync retries the folder from there.
    let skipped: MalformedPageError | undefined;
    const folderStep = async (phase: SyncFolder, work: () => Promise<void>) => {
      progress(phase, phase);
      try {
        await work();
      } catch (error) {
        if (!(error instanceof MalformedPageError)) throw error;
        skipped = error;
        await commit();
      }
    };
    for (const folder of MAIL_FOLDERS) await folderStep(folder, () => syncMailFolder(folder));
    await folderStep("calendar", syncCalendar);
    progress("contacts");
    await syncContacts();
    state.percent = 100;
    if (skipped) {
      state.phase = "partial";
      state.lastError = { ...errorOf(skipped), at: new Date() };
    } else {
      state.phase = "done";
      state.lastSuccessAt = new Date();
    }
    await commit();
    options.onProgress?.({ phase: state.phase, pages: state.pages, items: state.items, percent: 100 });
    return result();
  } catch (error) {
    if (!isRecordable(error)) throw error;
    const e = errorOf(error);
    state.phase = "failed";
    state.lastError = { ...e, at: new Date() };
    await commit();
    options.onProgress?.({ phase: "failed", pages: state.pages, items: state.items, percent: state.percent });
    return result();
  } finally {
    clearInterval(heartbeat);
    await renewal;
    await store.syncState.releaseLease(userId, owner).catch(() => false);
  }

  /** The user, the manager chain up to the top, and everyone below the user (directory.ts). */
  async function syncDirectory() {
    ownerMail = me!.mail ?? me!.userPrincipalName ?? undefined;
    const walk = await walkDirectory(directory, me!, onMalformed);
    problems.push(...walk.problems);
    await commit((tx) => tx.people.upsertMany(walk.people));
  }

  function mailStartUrl(folder: SyncedMailFolder) {
    // No $filter: a filtered first round lists at most 5,000 messages (docs/sync.md); old items are
    // skipped here instead.
    return `/users/${mailbox}/mailFolders/${folder}/messages/delta?$select=${messageSelect(folder)}`;
  }

  function toCopy(folder: SyncedMailFolder, m: GraphMessage): MailMessageCopy {
    const classification = classifyMessage({ ...m, folder }, mailboxOwner());
    return {
      id: m.id,
      internetMessageId: m.internetMessageId ?? null,
      conversationId: m.conversationId ?? null,
      folder,
      sentAt: date(m.sentDateTime),
      receivedAt: date(m.receivedDateTime),
      senderAddress: m.from?.emailAddress.address ?? null,
      to: addressesOf(m.toRecipients),
      cc: addressesOf(m.ccRecipients),
      bcc: addressesOf(m.bccRecipients),
      classification,
      // Only the waiting list opens a message, and it lists requests: other links are not kept.
      webLink: classification.isRequest ? (m.webLink ?? null) : null,
      subject: m.subject ?? null,
    };
  }

  /** The mailbox owner, as classification reads it: one object for the run (see MailboxOwner). */
  function mailboxOwner(): MailboxOwner {
    mailboxOwnerOnce ??= { address: ownerMail ?? options.mailbox };
    return mailboxOwnerOnce;
  }

  /**
   * One folder's delta rounds. `prepare` turns a page into rows (CPU only) as soon as the page arrives,
   * which is while the previous page is still being written; `write` stores them in the page's transaction.
   */
  async function runDelta<T, P>(
    folder: SyncFolder,
    startUrl: () => string,
    schema: z.ZodType<T>,
    headers: Record<string, string>,
    prepare: (page: Page<T>) => P,
    write: (tx: TenantStore, page: Page<T>, prepared: P) => Promise<number>,
  ) {
    let restarted = false;
    for (;;) {
      const links = state.links[folder];
      const url = links.nextLink ?? links.deltaLink ?? startUrl();
      try {
        const pages = deltaPages(outlook, url, { schema, maxPageSize: pageSize, headers, onMalformed });
        // Up to PREFETCH pages are fetched (and prepared) ahead while earlier ones are written, so Graph,
        // this process and the store work at the same time. Only the prepared rows and the page's links
        // wait in the queue, not the parsed items: short-lived garbage stays cheap for the collector. If
        // a write fails, pages fetched ahead are dropped: only committed pages' links are kept.
        const fetchNext = () => {
          const next = pages.next().then((r) => {
            if (r.done) return undefined;
            const prepared = prepare(r.value);
            return { page: { ...r.value, items: [] }, prepared };
          });
          next.catch(() => {});
          return next;
        };
        const queue = [fetchNext()];
        for (;;) {
          const current = await queue.shift();
          if (!current) break;
          const { page, prepared } = current;
          // An async generator answers next() calls in order, one at a time.
          while (queue.length < PREFETCH) queue.push(fetchNext());
          await commit(async (tx) => {
            const written = await write(tx, page, prepared);
            for (const bad of page.invalid)
              await record(
                tx,
                page.requestId,
                page.url,
                `item ${bad.index}${bad.id ? ` (${bad.id})` : ""}: ${bad.problem}`,
              );
            state.pages++;
            state.items += written;
            state.links[folder] = page.deltaLink
              ? { nextLink: null, deltaLink: page.deltaLink }
              : { nextLink: page.nextLink ?? null, deltaLink: links.deltaLink };
          });
          options.onProgress?.({
            phase: state.phase,
            folder,
            pages: state.pages,
            items: state.items,
            percent: state.percent,
          });
        }
        return;
      } catch (error) {
        if (!(error instanceof DeltaExpiredError) || restarted) throw error;
        restarted = true;
        // The sync state is gone: start this folder from scratch. Upserts are idempotent, so the
        // copies the new round lists again are refreshed, not duplicated.
        await commit(async (tx) => {
          await record(
            tx,
            error.requestId,
            error.url,
            `delta expired (${error.code ?? "410"}): folder restarted`,
          );
          state.links[folder] = { nextLink: null, deltaLink: null };
        });
      }
    }
  }

  async function syncMailFolder(folder: SyncedMailFolder) {
    await runDelta(
      folder,
      () => mailStartUrl(folder),
      messageSchema,
      {},
      (page) =>
        prepareMailPage(
          page.items
            .filter((m) => {
              const at = date(m.receivedDateTime ?? m.sentDateTime);
              return at === null || at >= syncStart;
            })
            .map((m) => toCopy(folder, m)),
          { storeSubjects },
        ),
      async (tx, page, rows) => {
        await tx.messages.markRemoved(userId, page.removed);
        return tx.messages.upsertPrepared(userId, rows);
      },
    );
  }

  async function syncCalendar() {
    const start = new Date(syncStart.getTime());
    const end = new Date(asOf.getTime() + CALENDAR_AHEAD_DAYS * DAY);
    const range = state.calendarRange;
    const moved =
      !range ||
      Math.abs(range.start.getTime() - start.getTime()) > CALENDAR_SHIFT_DAYS * DAY ||
      Math.abs(range.end.getTime() - end.getTime()) > CALENDAR_SHIFT_DAYS * DAY;
    if (moved) {
      state.calendarRange = { start, end };
      state.links.calendar = { nextLink: null, deltaLink: null };
      await commit();
    }
    const r = state.calendarRange!;
    const startUrl = () =>
      `/users/${mailbox}/calendarView/delta?startDateTime=${r.start.toISOString()}&endDateTime=${r.end.toISOString()}`;
    await runDelta(
      "calendar",
      startUrl,
      eventSchema,
      { Prefer: 'outlook.timezone="UTC"' },
      (page) => {
        const copies: CalendarEventCopy[] = [];
        const unusable: string[] = [];
        for (const e of page.items) {
          const copy = toEvent(e);
          if (copy) copies.push(copy);
          else unusable.push(e.id);
        }
        return { copies, unusable };
      },
      async (tx, page, { copies, unusable }) => {
        for (const id of unusable) await record(tx, page.requestId, page.url, `event ${id}: no start or end`);
        await tx.events.markRemoved(userId, page.removed);
        return tx.events.upsertPage(userId, copies, { storeSubjects });
      },
    );
  }

  function toEvent(e: GraphEvent): CalendarEventCopy | undefined {
    if (!e.start || !e.end) return undefined;
    return {
      id: e.id,
      iCalUId: e.iCalUId ?? null,
      start: e.start,
      end: e.end,
      isAllDay: e.isAllDay ?? false,
      isCancelled: e.isCancelled ?? false,
      showAs: e.showAs ?? "busy",
      type: e.type ?? "singleInstance",
      seriesMasterId: e.seriesMasterId ?? null,
      organizerAddress: e.organizer?.emailAddress.address ?? null,
      isOrganizer: e.isOrganizer ?? false,
      response: e.responseStatus?.response ?? null,
      attendees: (e.attendees ?? [])
        .filter((a) => a.emailAddress.address)
        .map((a) => ({
          address: a.emailAddress.address!.toLowerCase(),
          type: a.type ?? "required",
          response: a.status?.response ?? null,
        })),
      subject: e.subject ?? null,
    };
  }

  /**
   * Department and manager of every internal address the stored mail names and the directory does
   * not know yet, by $batch (20 look-ups a round trip).
   */
  async function syncContacts() {
    // Asked of the store, not gathered page by page: an incremental sync sees few pages, yet contacts
    // named by mail synced earlier may still be unknown (a failed look-up, a new hire).
    const contacts = await store.messages.addressesSince(userId, syncStart);
    const internal = unknownInternal(contacts, await store.people.list(), verifiedDomains);
    if (internal.length === 0) return;
    const found = await lookUpContacts(directory, internal);
    problems.push(...found.problems);
    await commit((tx) => tx.people.upsertMany(found.people));
  }
}
