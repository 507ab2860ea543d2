import { mailAccess } from "../auth.js";
import type { Change } from "../changelog.js";
import { json, type SimContext, type SimRequest, type SimResponse } from "../context.js";
import { errors, GraphError } from "../errors.js";
import {
  FOLDER_DISPLAY_NAMES,
  FOLDERS,
  MAIL_BASIC_EXCLUDED,
  MESSAGE_PROPERTIES,
  type ReceivedFilter,
  type RenderOptions,
} from "../mailboxes.js";
import { parsePrefer, parseSelect } from "../odata.js";
import {
  changesPage,
  type DeltaState,
  initialPage,
  link,
  newStateId,
  readDeltaToken,
  startChangeRound,
} from "./delta-token.js";
import type { UserRef } from "./match.js";
import { mailboxUser, userSegment } from "./resolve.js";

/**
 * Mail folders and per-folder message delta
 * (https://learn.microsoft.com/en-us/graph/api/message-delta, https://learn.microsoft.com/en-us/graph/delta-query-messages).
 *
 * A round: the first request (no token) lists the folder newest first, `Prefer: odata.maxpagesize`
 * (default 10, at most 1000) items a page, each page but the last with an `@odata.nextLink`
 * (`$skiptoken`), the last with an `@odata.deltaLink` (`$deltatoken`). Using the deltaLink starts the next
 * round: only copies added, updated or removed since (removed and moved-away copies as
 * `{"@odata.type", "id", "@removed": {"reason": "deleted"}}`). With no changes that is one request and an
 * empty page with a new deltaLink. `$select`, `$top`, `changeType` and
 * `$filter=receivedDateTime ge|gt {date}` are fixed at the first request and carried by the links; with a
 * $filter the initial listing stops at 5,000 messages, as the documentation says.
 */

const unknownMessageProperty = (name: string) =>
  new GraphError(
    400,
    "RequestBroker--ParseUri",
    `Could not find a property named '${name}' on type 'microsoft.graph.message'.`,
  );

function folderBody(ctx: SimContext, box: number, folder: number) {
  const live = ctx.mail.liveCopies(box, FOLDERS[folder]!);
  let unread = 0;
  for (const c of live) if (!ctx.mail.isRead(c)) unread++;
  return {
    id: ctx.mail.folderIdOf(box, folder),
    displayName: FOLDER_DISPLAY_NAMES[FOLDERS[folder]!],
    parentFolderId: ctx.mail.folderIdOf(box, FOLDERS.length),
    childFolderCount: 0,
    unreadItemCount: unread,
    totalItemCount: live.length,
    isHidden: false,
  };
}

export function listMailFolders(ctx: SimContext, req: SimRequest, ref: UserRef): SimResponse {
  const box = mailboxUser(ctx, req, ref);
  const user = ctx.directory.users[box]!;
  mailAccess(req.caller, user.id);
  return json(200, {
    "@odata.context": `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(user.id)}')/mailFolders`,
    value: FOLDERS.map((_, f) => folderBody(ctx, box, f)),
  });
}

export function getMailFolder(
  ctx: SimContext,
  req: SimRequest,
  ref: UserRef,
  folderRef: string,
): SimResponse {
  const box = mailboxUser(ctx, req, ref);
  const user = ctx.directory.users[box]!;
  mailAccess(req.caller, user.id);
  const folder = ctx.mail.resolveFolder(box, folderRef);
  if (folder === undefined) throw errors.itemNotFound();
  return json(200, {
    "@odata.context": `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(user.id)}')/mailFolders/$entity`,
    ...folderBody(ctx, box, folder),
  });
}

function parseReceivedFilter(text: string): ReceivedFilter {
  const m = /^\s*receivedDateTime\s+(ge|gt)\s+'?([0-9T:.\-+Z]+)'?\s*$/i.exec(text);
  const ms = m ? Date.parse(m[2]!) : Number.NaN;
  if (!m || Number.isNaN(ms))
    throw new GraphError(
      400,
      "ErrorInvalidUrlQueryFilter",
      "The query filter contains one or more invalid nodes. Delta query supports only $filter=receivedDateTime ge|gt {value}.",
    );
  return { op: m[1]!.toLowerCase() as "ge" | "gt", ms };
}

/** Validates the first request of a round and fixes its parameters. */
function initialState(
  ctx: SimContext,
  req: SimRequest,
  userId: string,
  folder: number,
  access: "basic" | "full",
): DeltaState {
  const q = req.query;
  for (const name of q.names) {
    const key = name.toLowerCase();
    if (!["$select", "$filter", "$top", "$orderby", "$expand", "changetype"].includes(key))
      throw new GraphError(
        400,
        "ErrorInvalidUrlQuery",
        `The query parameter '${name}' is not supported with change tracking over the 'Messages' resource.`,
      );
  }
  const select = parseSelect(q.get("$select"), MESSAGE_PROPERTIES, unknownMessageProperty);
  if (access === "basic" && select?.some((s) => MAIL_BASIC_EXCLUDED.has(s))) throw errors.accessDenied();
  const expand = q.get("$expand");
  if (expand !== undefined) {
    // Attachments, extensions and extended properties: refused under Mail.ReadBasic, none to return otherwise.
    if (access === "basic") throw errors.accessDenied();
    throw new GraphError(
      400,
      "ErrorInvalidUrlQuery",
      "The query parameter '$expand' is not supported by the simulator.",
    );
  }
  const orderby = q.get("$orderby");
  if (orderby !== undefined && !/^\s*receivedDateTime\s+desc\s*$/i.test(orderby))
    throw new GraphError(
      400,
      "ErrorInvalidUrlQuery",
      "Delta query supports only $orderby=receivedDateTime desc.",
    );
  const filterText = q.get("$filter");
  const filter = filterText === undefined ? undefined : parseReceivedFilter(filterText);
  const changeType = q.get("changeType")?.toLowerCase();
  if (changeType !== undefined && !["created", "updated", "deleted"].includes(changeType))
    throw new GraphError(400, "ErrorInvalidUrlQuery", `Unsupported changeType '${q.get("changeType")}'.`);
  const top = q.get("$top");
  let ps = ctx.defaultPageSize;
  if (top !== undefined) {
    ps = Number(top);
    if (!Number.isInteger(ps) || ps < 1)
      throw new GraphError(400, "ErrorInvalidUrlQuery", `Invalid $top value '${top}'.`);
  }
  const prefs = parsePrefer(req.headers.prefer);
  // The round keeps the first request's page size for links followed without a Prefer header.
  if (prefs.maxPageSize !== undefined) ps = prefs.maxPageSize;
  const state: DeltaState = {
    v: 1,
    e: ctx.epoch,
    r: newStateId(),
    k: "m",
    u: userId,
    ph: "i",
    p: 0,
    w: ctx.mail.log.seq,
    ps,
    f: folder,
  };
  if (select) state.s = select;
  if (filter) {
    state.fo = filter.op;
    state.fv = filter.ms;
  }
  if (changeType) state.ct = changeType as DeltaState["ct"];
  if (prefs.immutableId) state.im = 1;
  return state;
}

export async function messageDelta(
  ctx: SimContext,
  req: SimRequest,
  ref: UserRef,
  folderRef: string,
  beforeServing?: (box: number, folder: number) => void,
): Promise<SimResponse> {
  const box = mailboxUser(ctx, req, ref);
  const user = ctx.directory.users[box]!;
  const access = mailAccess(req.caller, user.id);
  const folder = ctx.mail.resolveFolder(box, folderRef);
  if (folder === undefined) throw errors.itemNotFound();
  const prefs = parsePrefer(req.headers.prefer);

  let state: DeltaState;
  if (req.query.has("$skiptoken") || req.query.has("$deltatoken")) {
    state = readDeltaToken(ctx, req, "m", user.id);
    if (state.f !== folder)
      throw new GraphError(400, "ErrorInvalidUrlQuery", "The sync state belongs to another folder.");
  } else state = initialState(ctx, req, user.id, folder, access);
  beforeServing?.(box, folder);

  const size = Math.min(ctx.maxPageSize, prefs.maxPageSize ?? state.ps);
  const filter: ReceivedFilter | undefined = state.fo ? { op: state.fo, ms: state.fv! } : undefined;
  const options: RenderOptions = {
    access,
    immutableId: state.im === 1,
    ...(state.s ? { select: state.s } : {}),
  };
  const mail = ctx.mail;
  const bucket = mail.bucketOf(box, folder);
  const path = `${userSegment(ref)}/mailFolders('${mail.folderIdOf(box, folder)}')/messages/delta`;

  let value: Record<string, unknown>[];
  let next: DeltaState;
  if (state.ph === "i") {
    const base = mail.base(bucket);
    const cut = mail.basePassing(base, filter);
    const added = mail.log.addedUpTo(bucket, state.w).filter((c) => mail.passes(c, filter));
    let total = cut + added.length;
    if (filter) total = Math.min(total, ctx.filteredDeltaCap);
    const at = (pos: number) => (pos < cut ? base[pos]! : added[pos - cut]!);
    const listed = initialPage(state, total, at, (c) => mail.isLive(c), size);
    value = await mail.render(listed.page, options);
    next = listed.next;
  } else {
    state = startChangeRound(state, mail.log.seq);
    const wanted = (c: Change) => {
      if (!c.removed && !mail.passes(c.copy, filter)) return false;
      if (state.ct === "deleted") return c.removed;
      if (state.ct === "created") return !c.removed && c.created;
      if (state.ct === "updated") return !c.removed && !c.created;
      return true;
    };
    const changes = mail.log.changes(bucket, state.sn!, state.w).filter(wanted);
    const changed = changesPage(state, changes, size);
    value = await mail.renderChanges(changed.page, options);
    next = changed.next;
  }
  if (next.ph !== "c") delete next.sn;

  const headers: Record<string, string> = {};
  const applied: string[] = [];
  if (prefs.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${size}`);
  if (prefs.immutableId) applied.push('IdType="ImmutableId"');
  if (applied.length > 0) headers["Preference-Applied"] = applied.join(", ");
  const body: Record<string, unknown> = { "@odata.context": `${ctx.baseUrl}/$metadata#Collection(message)` };
  body[next.ph === "l" ? "@odata.deltaLink" : "@odata.nextLink"] = link(ctx, path, next);
  body.value = value;
  return json(200, body, headers);
}
