import type { StoreConfig } from "../config/config.js";
import type { Database, DatabaseKind, Sql } from "./database.js";
import { openPglite } from "./drivers/pglite.js";
import { openPostgres } from "./drivers/postgres.js";
import { migrate, type SchemaStatus, schemaStatus } from "./migrate.js";
import { ActionsRepository } from "./repositories/actions.js";
import { AppUsersRepository } from "./repositories/app-users.js";
import { AuditLogRepository, userPseudonym } from "./repositories/audit-log.js";
import { CalendarEventsRepository } from "./repositories/calendar-events.js";
import { FeedbackRepository } from "./repositories/feedback.js";
import { MailMessagesRepository } from "./repositories/mail-messages.js";
import { OptOutsRepository } from "./repositories/opt-outs.js";
import { PeopleRepository } from "./repositories/people.js";
import { RetentionRepository } from "./repositories/retention.js";
import { StakeholderGroupsRepository } from "./repositories/stakeholder-groups.js";
import { StakeholderNotesRepository } from "./repositories/stakeholder-notes.js";
import { StakeholderRegisterRepository } from "./repositories/stakeholder-register.js";
import { SyncStateRepository } from "./repositories/sync-state.js";
import { TenantSettingsRepository } from "./repositories/tenant-settings.js";
import {
  ensureTenant,
  registerTenant,
  type Tenant,
  TenantProfileRepository,
} from "./repositories/tenants.js";
import { TodoRepository } from "./repositories/todo.js";
import { TokenCacheRepository } from "./repositories/token-cache.js";
import { deleteUserData } from "./repositories/user-data.js";
import { TenantSql } from "./tenant-sql.js";

/** Everything of one tenant. The only way to reach tenant rows is through one of these. */
export class TenantStore {
  readonly profile: TenantProfileRepository;
  readonly people: PeopleRepository;
  readonly appUsers: AppUsersRepository;
  /** Synced mailbox copies, per mailbox owner. */
  readonly messages: MailMessagesRepository;
  /** Synced calendar copies, per calendar owner. */
  readonly events: CalendarEventsRepository;
  readonly syncState: SyncStateRepository;
  /** The user's stakeholder groups as last shown, and their edits. */
  readonly groups: StakeholderGroupsRepository;
  /** The user's sentiment tags and notes about their stakeholders. */
  readonly notes: StakeholderNotesRepository;
  /** The user's feedback requests, their recipients' links and the answers. */
  readonly feedback: FeedbackRepository;
  /** The history of those tags (baselines) and the user's influence/interest grid. */
  readonly register: StakeholderRegisterRepository;
  /** The user's game plan: actions per group or person. */
  readonly actions: ActionsRepository;
  /** The game plan's sync to Microsoft To Do: the switch, the list, each action's task. */
  readonly todo: TodoRepository;
  /** The tenant's privacy policy and analysis bounds (effective values, defaults filled in). */
  readonly settings: TenantSettingsRepository;
  /** The tenant's opt-out list and people's own opt-outs. */
  readonly optOuts: OptOutsRepository;
  /** Admin actions and deletions. */
  readonly audit: AuditLogRepository;
  readonly retention: RetentionRepository;
  readonly tokenCache: TokenCacheRepository;
  private readonly scoped: TenantSql;

  constructor(
    sql: Sql,
    readonly tenantId: string,
    private readonly inTransaction: Database["transaction"] | undefined,
  ) {
    const scoped = new TenantSql(sql, tenantId);
    this.scoped = scoped;
    this.profile = new TenantProfileRepository(scoped);
    this.people = new PeopleRepository(scoped);
    this.appUsers = new AppUsersRepository(scoped);
    this.messages = new MailMessagesRepository(scoped);
    this.events = new CalendarEventsRepository(scoped);
    this.syncState = new SyncStateRepository(scoped);
    this.groups = new StakeholderGroupsRepository(scoped);
    this.notes = new StakeholderNotesRepository(scoped);
    this.feedback = new FeedbackRepository(scoped);
    this.register = new StakeholderRegisterRepository(scoped);
    this.actions = new ActionsRepository(scoped);
    this.todo = new TodoRepository(scoped);
    this.settings = new TenantSettingsRepository(scoped);
    this.optOuts = new OptOutsRepository(scoped);
    this.audit = new AuditLogRepository(scoped);
    this.retention = new RetentionRepository(scoped);
    this.tokenCache = new TokenCacheRepository(scoped);
  }

  /**
   * "Delete my data": every row of `userId` in this tenant, from every user-owned table, atomically, with
   * the audit entry recording it in the same transaction. The entry names the user by a pseudonym only.
   * A failure is recorded too, after the rollback.
   */
  async deleteUserData(userId: string): Promise<Record<string, number>> {
    const who = userPseudonym(this.tenantId, userId);
    const entry = { actor: who, action: "userData.delete", target: who };
    try {
      return await this.transaction(async (tx) => {
        const deleted = await deleteUserData(tx.scoped, userId);
        await tx.audit.record({ ...entry, outcome: "succeeded", detail: { deleted } });
        return deleted;
      });
    } catch (error) {
      await this.audit
        .record({ ...entry, outcome: "failed", detail: { error: (error as Error).name } })
        .catch(() => undefined);
      throw error;
    }
  }

  /** Runs `work` atomically against this tenant's repositories. */
  transaction<T>(work: (tenant: TenantStore) => Promise<T>): Promise<T> {
    if (!this.inTransaction) return work(this);
    return this.inTransaction((tx) => work(new TenantStore(tx, this.tenantId, undefined)));
  }
}

export interface Readiness {
  ok: boolean;
  kind: DatabaseKind;
  schema?: SchemaStatus;
  error?: string;
}

export class Store {
  constructor(readonly db: Database) {}

  get kind(): DatabaseKind {
    return this.db.kind;
  }

  forTenant(tenantId: string): TenantStore {
    if (!tenantId) throw new Error("A tenant id is required");
    return new TenantStore(this.db, tenantId, (work) => this.db.transaction(work));
  }

  registerTenant(tenant: Pick<Tenant, "id" | "displayName" | "verifiedDomains">): Promise<void> {
    return registerTenant(this.db, tenant);
  }

  ensureTenant(tenantId: string): Promise<void> {
    return ensureTenant(this.db, tenantId);
  }

  async readiness(): Promise<Readiness> {
    try {
      const schema = await schemaStatus(this.db);
      return { ok: schema.pending.length === 0, kind: this.kind, schema };
    } catch (error) {
      return { ok: false, kind: this.kind, error: (error as Error).message };
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/**
 * Opens the configured database and brings its schema up to date. `server`: the store serves a
 * long-running process, so an embedded database kept on disk is compiled for memory and speed rather
 * than a quick start (one kept in memory lives as long as a test or a try-out: it starts quickly).
 * `template`: a dumped, freshly initialised PGlite folder for an in-memory store (tests pass one).
 */
export async function openStore(
  config: StoreConfig,
  options: { migrate?: boolean; server?: boolean; template?: Blob } = {},
): Promise<Store> {
  const db =
    config.kind === "postgres"
      ? await openPostgres(config.url)
      : await openPglite(config.dataDir, {
          compile: options.server && config.dataDir !== "memory" ? "optimized" : "quick",
          ...(config.dataDir === "memory" && options.template ? { template: options.template } : {}),
        });
  if (options.migrate ?? true) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return new Store(db);
}
