import type { Contact, Contacts } from "../contacts.js";
import { byCodeUnit } from "./co-occurrence.js";

export const OTHER_EXTERNAL = "Other external";

/** A group of external stakeholders: one organisation domain, or (domain null) "Other external". */
export interface ExternalGroup {
  domain: string | null;
  memberIds: string[];
}

export interface StakeholderSplit {
  /** Ids of stakeholders inside the tenant (staff, up, peers, internal), in code-unit order. */
  internal: string[];
  external: { id: string; domain: string }[];
}

/**
 * Internal stakeholders are grouped by who they work with; external ones by organisation. A stakeholder
 * id the contacts do not know is treated as external with no domain, so it still lands in a group.
 */
export function splitStakeholders(ids: readonly string[], contacts: Contacts): StakeholderSplit {
  const internal: string[] = [];
  const external: { id: string; domain: string }[] = [];
  for (const id of [...new Set(ids)].sort(byCodeUnit)) {
    const contact = contactOf(id, contacts);
    if (contact && contact.audience !== "external") internal.push(id);
    else external.push({ id, domain: contact?.domain ?? "" });
  }
  return { internal, external };
}

// Contacts outside the directory are known by their address, which may not have been resolved yet;
// resolving a directory id would invent a contact, so only addresses are resolved.
const contactOf = (id: string, contacts: Contacts): Contact | null =>
  contacts.byId(id) ?? (id.includes("@") ? contacts.resolve(id) : null);

/**
 * One group per domain with at least two people, by domain; everyone else (a lone person from a domain,
 * or no domain at all) in a last "Other external" group.
 */
export function groupExternals(members: readonly { id: string; domain: string }[]): ExternalGroup[] {
  const byDomain = new Map<string, string[]>();
  for (const { id, domain } of members) {
    const list = byDomain.get(domain);
    if (list) list.push(id);
    else byDomain.set(domain, [id]);
  }
  const groups: ExternalGroup[] = [];
  const other: string[] = [];
  for (const domain of [...byDomain.keys()].sort(byCodeUnit)) {
    const ids = [...new Set(byDomain.get(domain))].sort(byCodeUnit);
    if (domain && ids.length >= 2) groups.push({ domain, memberIds: ids });
    else other.push(...ids);
  }
  if (other.length > 0) groups.push({ domain: null, memberIds: other.sort(byCodeUnit) });
  return groups;
}
