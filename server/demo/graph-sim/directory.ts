import { readTenant, readUsers } from "../../snapshot/read.js";
import type { SnapshotTenant, SnapshotUser } from "../../snapshot/schema.js";

/** tenant.json and users.json, with the lookups every route needs. Small enough to keep in memory. */
export class Directory {
  readonly byId = new Map<string, number>();
  readonly byUpn = new Map<string, number>();
  /** Lower-case SMTP address (mail or userPrincipalName) → user index: who has a mailbox. */
  readonly byAddress = new Map<string, number>();
  readonly reports = new Map<number, number[]>();
  private readonly domains: Set<string>;

  constructor(
    readonly tenant: SnapshotTenant,
    readonly users: SnapshotUser[],
    /** The snapshot's end (tenant.asOf), or the load time when it has none. */
    readonly asOfMs: number,
  ) {
    this.domains = new Set(tenant.verifiedDomains.map((d) => d.name.toLowerCase()));
    users.forEach((user, i) => {
      this.byId.set(user.id.toLowerCase(), i);
      this.byUpn.set(user.userPrincipalName.toLowerCase(), i);
      this.byAddress.set(user.mail.toLowerCase(), i);
      if (!this.byAddress.has(user.userPrincipalName.toLowerCase()))
        this.byAddress.set(user.userPrincipalName.toLowerCase(), i);
    });
    users.forEach((user, i) => {
      if (!user.manager) return;
      const manager = this.byId.get(user.manager.id.toLowerCase());
      if (manager === undefined) return;
      const list = this.reports.get(manager) ?? [];
      list.push(i);
      this.reports.set(manager, list);
    });
  }

  static async load(dir: string, nowMs: number): Promise<Directory> {
    const tenant = await readTenant(dir);
    const users = await readUsers(dir);
    return new Directory(tenant, users, tenant.asOf ? Date.parse(tenant.asOf) : nowMs);
  }

  /** Addresses outside the verified domains are external people: they have no mailbox. */
  isInternal(address: string): boolean {
    const at = address.lastIndexOf("@");
    return at >= 0 && this.domains.has(address.slice(at + 1).toLowerCase());
  }

  private readonly mailboxCache = new Map<string, number>();

  /** The user whose mailbox receives mail for `address`, if any. */
  mailboxOf(address: string): number | undefined {
    let found = this.mailboxCache.get(address);
    if (found === undefined) {
      found = (this.isInternal(address) ? this.byAddress.get(address.toLowerCase()) : undefined) ?? -1;
      if (this.mailboxCache.size < 1_000_000) this.mailboxCache.set(address, found);
    }
    return found < 0 ? undefined : found;
  }

  /** Directory lookup: `/users/{id | userPrincipalName}`. */
  resolveDirectory(ref: string): number | undefined {
    const key = ref.toLowerCase();
    return this.byId.get(key) ?? this.byUpn.get(key);
  }

  /** Exchange lookup: `/users/{id | userPrincipalName | SMTP address}` for mailbox routes. */
  resolveMailbox(ref: string): number | undefined {
    return this.resolveDirectory(ref) ?? this.byAddress.get(ref.toLowerCase());
  }
}
