import type { InsightInput, InsightPerson } from "./types.js";

/** Who a contact is to U; the first matching rule wins, in this order. */
export type Audience = "staff" | "up" | "peers" | "internal" | "external";
export const audienceOrder: readonly Audience[] = ["staff", "up", "peers", "internal", "external"];

/** Someone U deals with: a directory person, or an address outside the directory (id = the address). */
export interface Contact {
  id: string;
  /** The address U sees for them (the directory mail when known). */
  mail: string;
  displayName: string;
  person: InsightPerson | null;
  audience: Audience;
  /** Lower-cased domain of `mail` ("" when the address has none). */
  domain: string;
}

/**
 * Resolves addresses to contacts and contacts to audiences for one U. Built once per analysis; every
 * lookup is a map hit. Addresses compare case-insensitively.
 */
export interface Contacts {
  readonly userId: string;
  isSelf(address: string | null | undefined): boolean;
  /** The contact behind an address, or null for U's own addresses and empty input. */
  resolve(address: string | null | undefined): Contact | null;
  byId(id: string): Contact | undefined;
  /** U's direct reports (people whose manager is U), in id order. */
  readonly directReports: readonly InsightPerson[];
  /** Staff ids: direct reports and, transitively, their reports. */
  readonly staffIds: ReadonlySet<string>;
  readonly upIds: ReadonlySet<string>;
  readonly peerIds: ReadonlySet<string>;
  person(id: string): InsightPerson | undefined;
}

const domainOf = (address: string) => {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1);
};

export function buildContacts(input: Pick<InsightInput, "user" | "people" | "verifiedDomains">): Contacts {
  const userId = input.user.id;
  const self = new Set(input.user.addresses.map((a) => a.toLowerCase()));
  const people = new Map<string, InsightPerson>();
  const byAddress = new Map<string, InsightPerson>();
  for (const p of input.people) {
    people.set(p.id, p);
    for (const a of [p.mail, ...(p.otherAddresses ?? [])]) if (a) byAddress.set(a.toLowerCase(), p);
  }
  const me = people.get(userId);
  if (me?.mail) self.add(me.mail.toLowerCase());
  for (const a of me?.otherAddresses ?? []) self.add(a.toLowerCase());
  const domains = new Set(input.verifiedDomains.map((d) => d.toLowerCase()));

  const reportsOf = new Map<string, InsightPerson[]>();
  for (const p of [...input.people].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (!p.managerId || p.id === p.managerId) continue;
    const list = reportsOf.get(p.managerId);
    if (list) list.push(p);
    else reportsOf.set(p.managerId, [p]);
  }
  const directReports = reportsOf.get(userId) ?? [];

  // Manager links can hold cycles in a broken directory: every walk keeps a visited set.
  const staffIds = new Set<string>();
  const queue = [...directReports];
  while (queue.length > 0) {
    const p = queue.pop()!;
    if (p.id === userId || staffIds.has(p.id)) continue;
    staffIds.add(p.id);
    queue.push(...(reportsOf.get(p.id) ?? []));
  }
  const upIds = new Set<string>();
  for (let m = me?.managerId; m && m !== userId && !upIds.has(m); m = people.get(m)?.managerId) upIds.add(m);
  const peerIds = new Set<string>();
  if (me?.managerId) {
    for (const p of reportsOf.get(me.managerId) ?? []) if (p.id !== userId) peerIds.add(p.id);
  }

  const audienceOf = (id: string, domain: string): Audience => {
    if (staffIds.has(id)) return "staff";
    if (upIds.has(id)) return "up";
    if (peerIds.has(id)) return "peers";
    return domains.has(domain) ? "internal" : "external";
  };

  const cache = new Map<string, Contact | null>();
  const contactsById = new Map<string, Contact>();
  const resolve = (raw: string | null | undefined): Contact | null => {
    if (!raw) return null;
    const address = raw.trim().toLowerCase();
    const hit = cache.get(address);
    if (hit !== undefined) return hit;
    let contact: Contact | null = null;
    const person = byAddress.get(address);
    if (!self.has(address) && person?.id !== userId) {
      const id = person?.id ?? address;
      contact = contactsById.get(id) ?? null;
      if (!contact) {
        const mail = person?.mail?.toLowerCase() ?? address;
        const domain = domainOf(mail);
        contact = {
          id,
          mail,
          displayName: person?.displayName ?? address,
          person: person ?? null,
          audience: audienceOf(id, domain),
          domain,
        };
        contactsById.set(id, contact);
      }
    }
    cache.set(address, contact);
    return contact;
  };
  // Directory people are reachable by id even before any message names them (e.g. a silent report).
  for (const p of input.people) if (p.mail && p.id !== userId) resolve(p.mail);

  return {
    userId,
    isSelf: (a) =>
      !!a && (self.has(a.trim().toLowerCase()) || byAddress.get(a.trim().toLowerCase())?.id === userId),
    resolve,
    byId: (id) => contactsById.get(id),
    directReports,
    staffIds,
    upIds,
    peerIds,
    person: (id) => people.get(id),
  };
}
