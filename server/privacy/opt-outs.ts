import { z } from "zod";
import type { TenantStore } from "../store/store.js";

/** One entry of the tenant's opt-out list: a directory id, or an address (anyone, inside or outside). */
export const optOutEntrySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("id"), value: z.string().trim().min(1).max(200) }),
  z.strictObject({ kind: z.literal("mail"), value: z.email().max(320).toLowerCase() }),
]);
export type OptOutEntry = z.infer<typeof optOutEntrySchema>;

/** How an entry is written in the audit log's target column. */
export const optOutTarget = (entry: OptOutEntry) => `${entry.kind}:${entry.value}`;

/** Who must not appear in someone's analysis: directory ids and lower-cased addresses. */
export interface Excluded {
  ids: ReadonlySet<string>;
  addresses: ReadonlySet<string>;
}

interface DirectoryEntry {
  id: string;
  mail: string | null;
  otherAddresses?: readonly string[];
}

const addressesOf = (p: DirectoryEntry) =>
  [p.mail, ...(p.otherAddresses ?? [])].filter((a): a is string => !!a).map((a) => a.toLowerCase());

/**
 * Resolves the tenant's list and people's own opt-outs against the directory: an id brings in the
 * person's addresses, an address the person it belongs to. `userId` is never excluded from their own
 * analysis, opted out or not.
 */
export function excludedPeople(
  directory: readonly DirectoryEntry[],
  entries: readonly OptOutEntry[],
  selfOptedOut: Iterable<string>,
  userId: string,
): Excluded {
  const ids = new Set<string>(selfOptedOut);
  const addresses = new Set<string>();
  for (const e of entries) {
    if (e.kind === "id") ids.add(e.value);
    else addresses.add(e.value.toLowerCase());
  }
  for (const p of directory) if (addressesOf(p).some((a) => addresses.has(a))) ids.add(p.id);
  ids.delete(userId);
  const own = new Set(addressesOf(directory.find((p) => p.id === userId) ?? { id: userId, mail: null }));
  for (const p of directory) if (ids.has(p.id)) for (const a of addressesOf(p)) addresses.add(a);
  for (const a of own) addresses.delete(a);
  return { ids, addresses };
}

interface PersonFacts {
  id: string;
  mail: string | null;
  userPrincipalName: string | null;
}

/**
 * Who `userId` must not be shown outside their report either (directory search, the people lookup, their
 * stakeholder notes): the same people their analysis leaves out, resolved against `people` (the ones
 * about to be shown) and the user's own entry. Self opt-outs count where the tenant allows them.
 */
export async function hiddenFrom(
  tenant: TenantStore,
  userId: string,
  people: readonly PersonFacts[],
): Promise<Excluded> {
  const [entries, selfOptedOut, settings, me] = await Promise.all([
    tenant.optOuts.listTenant(),
    tenant.optOuts.selfOptedOut(),
    tenant.settings.get(),
    tenant.people.get(userId),
  ]);
  const directory = [...people, ...(me ? [me] : [])].map((p) => ({
    id: p.id,
    mail: p.mail,
    otherAddresses: p.userPrincipalName ? [p.userPrincipalName] : [],
  }));
  return excludedPeople(directory, entries, settings.allowSelfOptOut ? selfOptedOut : [], userId);
}

/**
 * hiddenFrom for stakeholder keys (notes, the register): directory ids, or addresses for people outside,
 * an address possibly being a colleague's.
 */
export async function hiddenAmong(
  tenant: TenantStore,
  userId: string,
  keys: Iterable<string>,
): Promise<Excluded> {
  const people = await Promise.all(
    [...new Set(keys)].map((key) =>
      key.includes("@") ? tenant.people.findByMail(key) : tenant.people.get(key),
    ),
  );
  return hiddenFrom(
    tenant,
    userId,
    people.filter((p) => p !== undefined),
  );
}

/** Whether a stakeholder key (a directory id, or an address for someone outside) is hidden. */
export const isHidden = (excluded: Excluded, key: string) =>
  key.includes("@") ? excluded.addresses.has(key.toLowerCase()) : excluded.ids.has(key);
