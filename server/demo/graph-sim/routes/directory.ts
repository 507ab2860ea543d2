import type { SnapshotUser } from "../../../snapshot/schema.js";
import {
  isAppOnly,
  listAccess,
  mailboxSettingsAccess,
  managerAccess,
  organizationAccess,
  type ProfileAccess,
  profileAccess,
  reportsAccess,
} from "../auth.js";
import { json, type SimContext, type SimRequest, type SimResponse } from "../context.js";
import { errors, GraphError } from "../errors.js";
import { FOLDERS } from "../mailboxes.js";
import { encodeQueryValue, evaluateFilter, filterUsage, parseFilter, parseSelect } from "../odata.js";
import type { UserRef } from "./match.js";
import { directoryUser, mailboxUser } from "./resolve.js";

/**
 * Directory routes: `/me`, `/users`, `/users/{id | userPrincipalName}`, `/manager`, `/directReports`,
 * `/mailboxSettings`, `/organization`. Shapes follow the user, directoryObject, mailboxSettings and
 * organization resources on learn.microsoft.com.
 */

export const USER_PROPERTIES: ReadonlySet<string> = new Set([
  "id",
  "displayName",
  "givenName",
  "surname",
  "mail",
  "userPrincipalName",
  "jobTitle",
  "department",
  "officeLocation",
  "mobilePhone",
  "businessPhones",
  "preferredLanguage",
  "accountEnabled",
  "companyName",
  "employeeId",
  "mailNickname",
  "city",
  "country",
  "usageLocation",
  "userType",
]);

/** What GET /users/{id} returns without $select. */
const DEFAULT_USER_PROPERTIES = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];

/** User.ReadBasic.All: "display name, first and last name, email address, open extensions and photo". */
const BASIC_USER_PROPERTIES = new Set([
  "id",
  "displayName",
  "givenName",
  "surname",
  "mail",
  "userPrincipalName",
]);

/** Filterable without advanced query parameters (eq, startswith, in). */
const FILTERABLE = new Set(
  [
    "id",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "userPrincipalName",
    "jobTitle",
    "department",
    "officeLocation",
    "accountEnabled",
    "employeeId",
    "companyName",
    "city",
    "country",
    "usageLocation",
    "userType",
    "mailNickname",
  ].map((p) => p.toLowerCase()),
);

const unknownUserProperty = (name: string) =>
  new GraphError(
    400,
    "Request_BadRequest",
    `Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
  );

function userValue(user: SnapshotUser, name: string): unknown {
  const u = user as SnapshotUser & Record<string, unknown>;
  switch (name) {
    case "businessPhones":
      return u.businessPhones ?? [];
    case "accountEnabled":
      return u.accountEnabled ?? true;
    case "mailNickname":
      return u.mailNickname ?? user.mail.slice(0, user.mail.indexOf("@"));
    case "userType":
      return u.userType ?? "Member";
    default:
      return u[name] ?? null;
  }
}

function renderUser(user: SnapshotUser, access: ProfileAccess, select: string[] | undefined) {
  const out: Record<string, unknown> = {};
  for (const name of select ?? DEFAULT_USER_PROPERTIES)
    out[name] = access === "full" || BASIC_USER_PROPERTIES.has(name) ? userValue(user, name) : null;
  return out;
}

const contextFor = (ctx: SimContext, set: string, select: string[] | undefined, entity: boolean) =>
  `${ctx.baseUrl}/$metadata#${set}${select ? `(${select.join(",")})` : ""}${entity ? "/$entity" : ""}`;

interface ManagerExpand {
  select?: string[];
  levels: number;
}

/** `$expand=manager`, `manager($select=id,displayName)`, `manager($levels=max;$select=id)`. */
function parseExpand(text: string | undefined): ManagerExpand | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*manager\s*(?:\((.*)\))?\s*$/i.exec(text);
  if (!m)
    throw errors.badRequest(
      `Parsing OData Select and Expand failed: Could not find a property named '${text.split("(")[0]}' on type 'microsoft.graph.user'.`,
      "BadRequest",
    );
  const expand: ManagerExpand = { levels: 1 };
  for (const option of (m[1] ?? "").split(";")) {
    const [name, value = ""] = option.split("=") as [string, string?];
    if (!name.trim()) continue;
    if (name.trim().toLowerCase() === "$select")
      expand.select = parseSelect(value, USER_PROPERTIES, unknownUserProperty);
    else if (name.trim().toLowerCase() === "$levels")
      expand.levels =
        value.trim().toLowerCase() === "max" ? 1000 : Math.max(1, Math.min(1000, Number(value) || 1));
    else throw errors.badRequest(`Query option '${name.trim()}' is not allowed inside $expand.`);
  }
  return expand;
}

function withManager(
  ctx: SimContext,
  index: number,
  item: Record<string, unknown>,
  expand: ManagerExpand | undefined,
) {
  if (!expand) return item;
  let target = item;
  let user = ctx.directory.users[index]!;
  for (let level = 0; level < expand.levels && user.manager; level++) {
    const managerIndex = ctx.directory.byId.get(user.manager.id.toLowerCase());
    if (managerIndex === undefined) break;
    user = ctx.directory.users[managerIndex]!;
    const rendered = {
      "@odata.type": "#microsoft.graph.user",
      ...renderUser(user, "full", expand.select ?? ["id", "displayName"]),
    };
    target.manager = rendered;
    target = rendered;
  }
  return item;
}

export function getUser(ctx: SimContext, req: SimRequest, ref: UserRef): SimResponse {
  const index = directoryUser(ctx, req, ref);
  const user = ctx.directory.users[index]!;
  const self = !isAppOnly(req.caller) && req.caller.userId!.toLowerCase() === user.id.toLowerCase();
  const access = profileAccess(req.caller, self);
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, unknownUserProperty);
  const expand = parseExpand(req.query.get("$expand"));
  if (expand) managerAccess(req.caller);
  const body = {
    "@odata.context": contextFor(ctx, "users", select, true),
    ...withManager(ctx, index, renderUser(user, access, select), expand),
  };
  return json(200, body);
}

/** Paging for directory collections: $top (1–999, default 100) and an opaque $skiptoken offset. */
function page<T>(
  ctx: SimContext,
  req: SimRequest,
  items: T[],
  linkPath: string,
): { items: T[]; nextLink?: string } {
  const topText = req.query.get("$top");
  let top = 100;
  if (topText !== undefined) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 999)
      throw new GraphError(
        400,
        "Request_BadRequest",
        `Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.`,
      );
  }
  let offset = 0;
  const skip = req.query.get("$skiptoken");
  if (skip !== undefined) {
    const state = ctx.tokens.decode<{ k: string; o: number }>(skip);
    if (state?.k !== "d" || !Number.isInteger(state.o))
      throw errors.badRequest("Invalid $skiptoken value.", "Request_BadRequest");
    offset = state.o;
  }
  const slice = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { items: slice };
  const kept = req.query.without("$skiptoken");
  const token = encodeQueryValue(ctx.tokens.encode({ k: "d", o: offset + top }));
  return {
    items: slice,
    nextLink: `${ctx.baseUrl}/${linkPath}?${kept ? `${kept}&` : ""}$skiptoken=${token}`,
  };
}

export function listUsers(ctx: SimContext, req: SimRequest): SimResponse {
  const access = listAccess(req.caller);
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, unknownUserProperty);
  const expand = parseExpand(req.query.get("$expand"));
  if (expand) managerAccess(req.caller);
  const advanced = req.headers.consistencylevel?.toLowerCase() === "eventual";
  const count = req.query.get("$count");
  if (count !== undefined && count.toLowerCase() === "true" && !advanced)
    throw new GraphError(400, "Request_BadRequest", "$count is not currently supported.");

  let indices = ctx.directory.users.map((_, i) => i);
  const filterText = req.query.get("$filter");
  if (filterText !== undefined) {
    const filter = parseFilter(filterText);
    for (const use of filterUsage(filter)) {
      if (!FILTERABLE.has(use.property.toLowerCase()) || (use.advanced && !(advanced && count === "true")))
        throw new GraphError(
          400,
          "Request_UnsupportedQuery",
          `Unsupported or invalid query filter clause specified for property '${use.property}' of resource 'User'.`,
        );
    }
    indices = indices.filter((i) => {
      const user = ctx.directory.users[i]!;
      return evaluateFilter(filter, (property) => {
        const name = [...USER_PROPERTIES].find((p) => p.toLowerCase() === property.toLowerCase());
        return name ? userValue(user, name) : undefined;
      });
    });
  }
  const orderby = req.query.get("$orderby");
  if (orderby !== undefined) {
    const m = /^\s*(displayName|userPrincipalName)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
    if (!m) throw new GraphError(400, "Request_UnsupportedQuery", "Sorting not supported for current query.");
    const property = m[1]!.toLowerCase() === "displayname" ? "displayName" : "userPrincipalName";
    const sign = m[2]?.toLowerCase() === "desc" ? -1 : 1;
    indices.sort(
      (a, b) =>
        sign *
        String(ctx.directory.users[a]![property]).localeCompare(
          String(ctx.directory.users[b]![property]),
          "en",
          {
            sensitivity: "base",
          },
        ),
    );
  }
  const paged = page(ctx, req, indices, "users");
  const body: Record<string, unknown> = { "@odata.context": contextFor(ctx, "users", select, false) };
  if (count?.toLowerCase() === "true") body["@odata.count"] = indices.length;
  if (paged.nextLink) body["@odata.nextLink"] = paged.nextLink;
  body.value = paged.items.map((i) =>
    withManager(ctx, i, renderUser(ctx.directory.users[i]!, access, select), expand),
  );
  return json(200, body);
}

export function getManager(ctx: SimContext, req: SimRequest, ref: UserRef): SimResponse {
  const index = directoryUser(ctx, req, ref);
  managerAccess(req.caller);
  const user = ctx.directory.users[index]!;
  const managerIndex = user.manager ? ctx.directory.byId.get(user.manager.id.toLowerCase()) : undefined;
  if (managerIndex === undefined) throw errors.userNotFound("manager");
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, unknownUserProperty);
  return json(200, {
    "@odata.context": contextFor(ctx, "directoryObjects", select, true),
    "@odata.type": "#microsoft.graph.user",
    ...renderUser(ctx.directory.users[managerIndex]!, "full", select),
  });
}

export function listDirectReports(ctx: SimContext, req: SimRequest, ref: UserRef): SimResponse {
  const index = directoryUser(ctx, req, ref);
  const access = reportsAccess(req.caller);
  const select = parseSelect(req.query.get("$select"), USER_PROPERTIES, unknownUserProperty);
  const reports = ctx.directory.reports.get(index) ?? [];
  const user = ctx.directory.users[index]!;
  const paged = page(
    ctx,
    req,
    reports,
    `${ref.me ? "me" : `users/${encodeURIComponent(user.id)}`}/directReports`,
  );
  const body: Record<string, unknown> = {
    "@odata.context": contextFor(ctx, "directoryObjects", select, false),
  };
  if (paged.nextLink) body["@odata.nextLink"] = paged.nextLink;
  body.value = paged.items.map((i) => ({
    "@odata.type": "#microsoft.graph.user",
    ...renderUser(ctx.directory.users[i]!, access, select),
  }));
  return json(200, body);
}

const MAILBOX_SETTINGS_DEFAULTS = {
  automaticRepliesSetting: {
    status: "disabled",
    externalAudience: "all",
    internalReplyMessage: "",
    externalReplyMessage: "",
    scheduledStartDateTime: { dateTime: "2020-01-01T00:00:00.0000000", timeZone: "UTC" },
    scheduledEndDateTime: { dateTime: "2020-01-02T00:00:00.0000000", timeZone: "UTC" },
  },
  dateFormat: "M/d/yyyy",
  timeFormat: "h:mm tt",
  delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
  userPurpose: "user",
  language: { locale: "en-US", displayName: "English (United States)" },
};

/**
 * `/mailboxSettings` (and `/mailboxSettings/{property}`). timeZone and workingHours come from the
 * snapshot exactly as given (absent there, absent here), so an analysis of the synced data agrees with
 * an analysis of the snapshot itself.
 */
export function getMailboxSettings(
  ctx: SimContext,
  req: SimRequest,
  ref: UserRef,
  property?: string,
): SimResponse {
  const index = mailboxUser(ctx, req, ref);
  const user = ctx.directory.users[index]!;
  mailboxSettingsAccess(req.caller, user.id);
  const settings: Record<string, unknown> = {
    archiveFolder: ctx.mail.folderIdOf(index, FOLDERS.indexOf("archive")),
    ...MAILBOX_SETTINGS_DEFAULTS,
    ...(user.mailboxSettings ?? {}),
  };
  const base = `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(user.id)}')/mailboxSettings`;
  if (property !== undefined) {
    const name = Object.keys(settings).find((k) => k.toLowerCase() === property.toLowerCase());
    const known = [
      "timeZone",
      "workingHours",
      "archiveFolder",
      "automaticRepliesSetting",
      "language",
      "dateFormat",
      "timeFormat",
    ];
    if (!name && !known.some((k) => k.toLowerCase() === property.toLowerCase()))
      throw errors.segmentNotFound(property);
    const value = name ? settings[name] : null;
    const canonical = name ?? known.find((k) => k.toLowerCase() === property.toLowerCase())!;
    if (value !== null && typeof value === "object")
      return json(200, { "@odata.context": `${base}/${canonical}`, ...value });
    return json(200, { "@odata.context": `${base}/${canonical}`, value });
  }
  const select = req.query.get("$select");
  if (select !== undefined) {
    const names = select
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const picked: Record<string, unknown> = {};
    for (const n of names) {
      const key = Object.keys(settings).find((k) => k.toLowerCase() === n.toLowerCase());
      if (key) picked[key] = settings[key];
    }
    return json(200, { "@odata.context": base, ...picked });
  }
  return json(200, { "@odata.context": base, ...settings });
}

export function getOrganization(ctx: SimContext, req: SimRequest): SimResponse {
  organizationAccess(req.caller);
  const tenant = ctx.directory.tenant;
  const domains = tenant.verifiedDomains;
  const initial = domains.find((d) => d.name.toLowerCase().endsWith(".onmicrosoft.com")) ?? domains[0]!;
  const defaultDomain = domains.find((d) => d.isDefault) ?? domains[0]!;
  return json(200, {
    "@odata.context": `${ctx.baseUrl}/$metadata#organization`,
    value: [
      {
        id: tenant.id,
        deletedDateTime: null,
        businessPhones: [],
        city: null,
        country: null,
        countryLetterCode: null,
        createdDateTime: "2020-01-01T00:00:00Z",
        displayName: tenant.displayName,
        marketingNotificationEmails: [],
        onPremisesSyncEnabled: null,
        postalCode: null,
        preferredLanguage: "en",
        state: null,
        street: null,
        technicalNotificationMails: [],
        tenantType: "AAD",
        assignedPlans: [],
        privacyProfile: null,
        provisionedPlans: [],
        securityComplianceNotificationMails: [],
        securityComplianceNotificationPhones: [],
        verifiedDomains: domains.map((d) => ({
          capabilities: "Email, OfficeCommunicationsOnline",
          isDefault: d === defaultDomain,
          isInitial: d === initial,
          name: d.name,
          type: "Managed",
        })),
      },
    ],
  });
}
