import { performance } from "node:perf_hooks";
import { loadInsightInput } from "../../server/analysis/load-input.js";
import { MailboxLimiter } from "../../server/graph/resilience.js";
import { coOccurrence, MAX_ITEM_STAKEHOLDERS } from "../../server/insights/groups/co-occurrence.js";
import { detectCommunities } from "../../server/insights/groups/detect.js";
import { splitStakeholders } from "../../server/insights/groups/externals.js";
import {
  adjustedRandIndex,
  connectedComponents,
  type Labelling,
  normalizedMutualInformation,
  randomGroupingOfSameSizes,
} from "../../server/insights/quality.js";
import { analysisBasis, buildReport, type Report } from "../../server/insights/report.js";
import { audienceOfTurn } from "../../server/insights/responsiveness.js";
import {
  atOrBelowHalf,
  type KmMedian,
  kaplanMeierCurve,
  type TurnSample,
} from "../../server/insights/statistics.js";
import { interactionStrength } from "../../server/insights/strength.js";
import { collectTurns } from "../../server/insights/turns.js";
import { defaultSettings, type InsightInput, type InsightSettings } from "../../server/insights/types.js";
import { type DemoEndpoint, demoGraphAccess } from "../../server/platform.js";
import { readMessages, type SnapshotUser } from "../../server/snapshot/index.js";
import type { Store, TenantStore } from "../../server/store/store.js";
import { syncUser } from "../../server/sync/engine.js";

/**
 * How accurate Orbit's insights are against ground truth (docs/metrics/accuracy.md): shared by the
 * accuracy benchmark (bench/accuracy.ts, full-size tenants and the real datasets) and the accuracy test
 * (test/server/insights/accuracy.test.ts, a small tenant). Input comes the production way: every user is
 * synced through the sync engine (msal-node, the Graph client over HTTPS, the demo host) into one
 * store, and each report is built from that user's stored rows (loadInsightInput + buildReport, which
 * is analyseUser without saving the group ids).
 */

// --- Sync and analysis ---------------------------------------------------------------------------------

export interface SyncEveryoneOptions {
  endpoint: DemoEndpoint & { tenantId: string };
  store: Store;
  users: readonly SnapshotUser[];
  asOf: Date;
  windowDays: number;
  /** Items per delta page (default 1000, Graph's largest). */
  pageSize?: number;
}

export interface SyncSummary {
  users: number;
  items: number;
  /** Users whose sync did not finish ("upn: phase: error"). */
  failed: string[];
  ms: number;
}

/** Syncs every user in turn into one store, as one Orbit server with app-only access would. */
export async function syncEveryone(options: SyncEveryoneOptions): Promise<SyncSummary> {
  const { endpoint, store } = options;
  const tenant = store.forTenant(endpoint.tenantId);
  const graph = demoGraphAccess(endpoint).forApp(endpoint.tenantId);
  const limiter = new MailboxLimiter();
  const started = performance.now();
  let items = 0;
  const failed: string[] = [];
  for (const user of options.users) {
    const result = await syncUser({
      store: tenant,
      graph,
      userId: user.id,
      mailbox: user.userPrincipalName,
      window: { asOf: options.asOf, windowDays: options.windowDays },
      owner: "accuracy",
      limiter,
      pageSize: options.pageSize ?? 1000,
      registerTenant: (t) => store.registerTenant(t),
    });
    items += result.items;
    if (result.phase !== "done" || result.lastError)
      failed.push(`${user.userPrincipalName}: ${result.phase}: ${result.lastError?.message ?? ""}`);
  }
  return { users: options.users.length, items, failed, ms: performance.now() - started };
}

/** One user's report under one settings variant, with the baseline the groups are read against. */
export interface Analysed {
  userId: string;
  report: Report;
  /** Connected components of the stakeholder graph Louvain ran on (internal stakeholders). */
  components: Map<string, string>;
  /** The requests to U as turns, per audience: what each `kmMedianHours` of the report was read from. */
  incoming: Record<AudienceName, TurnSample[]>;
}

/** The incoming turns of one user's report, by audience (the turns do not depend on the settings). */
function incomingByAudience(input: InsightInput): Record<AudienceName, TurnSample[]> {
  const basis = analysisBasis(input);
  const byAudience = Object.fromEntries(audienceNames.map((a) => [a, [] as TurnSample[]])) as Record<
    AudienceName,
    TurnSample[]
  >;
  for (const turn of collectTurns(basis.messages, basis).incoming)
    byAudience[audienceOfTurn(basis.contacts, turn)].push(turn);
  return byAudience;
}

/** The stakeholder graph of "Suggested stakeholder groups", exactly as suggestGroups builds it. */
export function stakeholderGraph(input: InsightInput, settings: InsightSettings) {
  const { window, contacts, messages, events } = analysisBasis(input);
  const { stakeholders } = interactionStrength({ messages, events, contacts, window });
  const { internal } = splitStakeholders(
    stakeholders.map((s) => s.id),
    contacts,
  );
  return coOccurrence({
    nodeIds: internal,
    contacts,
    messages,
    events,
    window,
    settings,
    keepSubjects: false,
  });
}

/**
 * Every user's report from their stored rows, once per settings variant (the input is read once). An
 * empty variant is the product as shipped.
 */
export async function analyseEveryone<V extends string>(
  tenant: TenantStore,
  userIds: readonly string[],
  options: { asOf: Date; windowDays: number; variants: Record<V, Partial<InsightSettings>> },
): Promise<{ byVariant: Record<V, Analysed[]>; ms: number }> {
  const started = performance.now();
  const names = Object.keys(options.variants) as V[];
  const byVariant = Object.fromEntries(names.map((n) => [n, [] as Analysed[]])) as Record<V, Analysed[]>;
  for (const userId of userIds) {
    const { input } = await loadInsightInput(tenant, userId, {
      asOf: options.asOf,
      windowDays: options.windowDays,
    });
    const incoming = incomingByAudience(input);
    for (const name of names) {
      const overrides = options.variants[name];
      const variantInput: InsightInput = { ...input, settings: { ...input.settings, ...overrides } };
      const { report } = buildReport(variantInput);
      const graph = stakeholderGraph(variantInput, { ...defaultSettings, ...variantInput.settings });
      const components = connectedComponents(
        graph.nodeIds,
        graph.edges.map((e) => [e.source, e.target] as const),
      );
      byVariant[name].push({ userId, report, components, incoming });
    }
  }
  return { byVariant, ms: performance.now() - started };
}

// --- The demo tenant's truth --------------------------------------------------------------------------

export const audienceNames = ["staff", "up", "peers", "internal", "external"] as const;
export type AudienceName = (typeof audienceNames)[number];

/** truth.json of a generated demo tenant (server/demo/generator/truth.ts), as far as accuracy needs it. */
export interface DemoTruth {
  primaryGroup: Record<string, string>;
  teams: { id: string; kind: string; leadId: string; memberIds: string[] }[];
  projects: { id: string; leadId: string; memberIds: string[] }[];
  leaders: { slowToStaff: string[]; multitasker: string[]; fastWithEveryone: string[] };
  behaviour: Record<
    string,
    {
      habit: string;
      audiences: Record<
        AudienceName,
        {
          configuredMedianHours: number;
          ignoreRate: number;
          turns: number;
          answered: number;
          answeredBeforeAsOf: number;
          /** ⌈n/2⌉-th smallest reply time, never-answered turns as +∞ (null: none, or +∞). */
          empiricalMedianHours: number | null;
          empiricalAnsweredMedianHours: number | null;
        }
      >;
    }
  >;
}

/** Leaders: people with at least one direct report in the directory. */
export function leadersOf(users: readonly SnapshotUser[]): string[] {
  const managers = new Set(users.flatMap((u) => (u.manager ? [u.manager.id] : [])));
  return users.filter((u) => managers.has(u.id)).map((u) => u.id);
}

export interface ReplyTimeRow {
  userId: string;
  habit: string;
  audience: AudienceName;
  /** Turns by the generator's ledger (truth) and by the report. */
  truthTurns: number;
  reportTurns: number;
  /** The true median delay: the median over the turns that happened, never answered as +∞. */
  truthHours: number | null;
  configuredHours: number;
  km: KmMedian;
  /** km ÷ truth (null unless both are numbers). */
  ratio: number | null;
  within: boolean;
  /**
   * When Ŝ is exactly 0.5 from the KM median until the next reply time: that segment. The definitions
   * take its lower end; R's survival package (median.survfit) takes its midpoint, like an ordinary
   * median of an even count. A diagnostic, not what Orbit reports.
   */
  halfPlateau: { from: number; to: number } | null;
  /** `within` with the plateau's midpoint in place of km (equal to `within` when there is no plateau). */
  withinByMidpoint: boolean;
}

/** The segment on which the Kaplan–Meier curve of `samples` sits at exactly one half, if it does. */
export function halfPlateau(samples: readonly TurnSample[]): { from: number; to: number } | null {
  const curve = kaplanMeierCurve(samples);
  const k = curve.findIndex(atOrBelowHalf);
  const next = curve[k + 1];
  if (k < 0 || next === undefined || Math.abs(curve[k]!.survival - 0.5) > 1e-9) return null;
  return { from: curve[k]!.hours, to: next.hours };
}

/**
 * Reply-time accuracy per leader and audience with at least `minTurns` true turns: the report's
 * Kaplan–Meier median against the truth's empirical median (the value KM with censoring estimates).
 * Within tolerance when |km / truth − 1| ≤ tolerance; when more than half the turns were never
 * answered (truth +∞), when the report says `atLeast`.
 */
export function replyTimeAccuracy(
  truth: DemoTruth,
  analysed: readonly Analysed[],
  leaders: readonly string[],
  options: { minTurns: number; tolerance: number },
): ReplyTimeRow[] {
  const wanted = new Set(leaders);
  const rows: ReplyTimeRow[] = [];
  const near = (estimate: number, truth: number) =>
    Math.abs(estimate / truth - 1) <= options.tolerance + 1e-12;
  for (const { userId, report, incoming } of analysed) {
    if (!wanted.has(userId)) continue;
    const behaviour = truth.behaviour[userId];
    if (!behaviour) continue;
    for (const audience of audienceNames) {
      const t = behaviour.audiences[audience];
      if (t.turns < options.minTurns) continue;
      const s = report.responsiveness.byAudience[audience];
      const km = s.kmMedianHours;
      const truthHours = t.empiricalMedianHours;
      const ratio = typeof km === "number" && truthHours ? km / truthHours : null;
      const within =
        ratio !== null
          ? near(km as number, truthHours!)
          : truthHours === null && km !== null && typeof km === "object";
      const plateau = halfPlateau(incoming[audience]);
      rows.push({
        userId,
        habit: behaviour.habit,
        audience,
        truthTurns: t.turns,
        reportTurns: s.turns,
        truthHours,
        configuredHours: t.configuredMedianHours,
        km,
        ratio,
        within,
        halfPlateau: plateau,
        withinByMidpoint: plateau && truthHours ? near((plateau.from + plateau.to) / 2, truthHours) : within,
      });
    }
  }
  return rows;
}

export interface FlagRow {
  userId: string;
  habit: string;
  flagged: boolean;
  /**
   * What the flag's own rule gives on the truth's medians: true staff median > factor × true up median,
   * with ≥ minTurns true turns in each (a +∞ staff median exceeds anything; a +∞ up median nothing).
   */
  truthRule: boolean;
  truthStaff: number | null;
  truthUp: number | null;
}

/** staffSlowerThanUp per leader: raised or not, next to the habit and to the rule applied to the truth. */
export function staffSlowerThanUpCheck(
  truth: DemoTruth,
  analysed: readonly Analysed[],
  leaders: readonly string[],
  settings: Pick<InsightSettings, "staffSlowerThanUpFactor" | "staffSlowerThanUpMinTurns"> = defaultSettings,
): FlagRow[] {
  const wanted = new Set(leaders);
  return analysed
    .filter((a) => wanted.has(a.userId) && truth.behaviour[a.userId])
    .map(({ userId, report }) => {
      const b = truth.behaviour[userId]!;
      const staff = b.audiences.staff;
      const up = b.audiences.up;
      const enough =
        staff.turns >= settings.staffSlowerThanUpMinTurns && up.turns >= settings.staffSlowerThanUpMinTurns;
      const truthRule =
        enough &&
        up.empiricalMedianHours !== null &&
        (staff.empiricalMedianHours === null ||
          staff.empiricalMedianHours > settings.staffSlowerThanUpFactor * up.empiricalMedianHours);
      return {
        userId,
        habit: b.habit,
        flagged: report.responsiveness.flags.some((f) => f.kind === "staffSlowerThanUp"),
        truthRule,
        truthStaff: staff.empiricalMedianHours,
        truthUp: up.empiricalMedianHours,
      };
    });
}

/**
 * The true group of each of U's stakeholders, from U's point of view: the team U and they are both in;
 * else the project they share; else their own team (truth.json `primaryGroup`). Leaders are in two
 * teams (the one they lead and their manager's), so a leader's staff and peers land in different groups.
 * `project-first` puts a shared project before a shared team. Ties go to the smaller id.
 */
export function demoLabeller(truth: DemoTruth, order: "team-first" | "project-first" = "team-first") {
  const teamsOf = new Map<string, string[]>();
  const projectsOf = new Map<string, string[]>();
  const add = (index: Map<string, string[]>, person: string, id: string) => {
    const list = index.get(person);
    if (list) list.push(id);
    else index.set(person, [id]);
  };
  for (const t of [...truth.teams].sort((a, b) => (a.id < b.id ? -1 : 1)))
    for (const m of t.memberIds) add(teamsOf, m, t.id);
  for (const p of [...truth.projects].sort((a, b) => (a.id < b.id ? -1 : 1)))
    for (const m of p.memberIds) add(projectsOf, m, p.id);
  const shared = (index: Map<string, string[]>, u: string, s: string) => {
    const mine = new Set(index.get(u) ?? []);
    return (index.get(s) ?? []).find((id) => mine.has(id));
  };
  return {
    /** The label, or undefined when truth.json does not know the person. */
    label(userId: string, stakeholderId: string): string | undefined {
      const team = shared(teamsOf, userId, stakeholderId);
      const project = shared(projectsOf, userId, stakeholderId);
      const close = order === "team-first" ? (team ?? project) : (project ?? team);
      return close ?? truth.primaryGroup[stakeholderId];
    },
    /** Whether U shares a team or a project with them. */
    close(userId: string, stakeholderId: string): boolean {
      return (
        shared(teamsOf, userId, stakeholderId) !== undefined ||
        shared(projectsOf, userId, stakeholderId) !== undefined
      );
    },
  };
}

// --- Scoring groupings ------------------------------------------------------------------------------

export interface Score {
  ari: number;
  nmi: number;
}

export const score = (found: Labelling, truth: Labelling): Score => ({
  ari: adjustedRandIndex(found, truth),
  nmi: normalizedMutualInformation(found, truth),
});

export interface PersonScore {
  userId: string;
  /** Internal stakeholders with a truth label (the items scored). */
  items: number;
  groups: Score;
  components: Score;
  random: Score;
}

/**
 * Per person: the report's groups over U's internal stakeholders that have a truth label, against
 * those labels; with the connected components of the same graph and a random grouping of the same
 * sizes as baselines. `include` narrows the stakeholders scored (a diagnostic view).
 */
export function personGroupScores(
  analysed: readonly Analysed[],
  labelOf: (userId: string, stakeholderId: string) => string | undefined,
  options: { seed: number; include?: (userId: string, stakeholderId: string) => boolean } = { seed: 1 },
): PersonScore[] {
  return analysed.map(({ userId, report, components }, k) => {
    const groupOf = new Map<string, string>();
    for (const g of report.groups) for (const m of g.memberIds) groupOf.set(m, g.id);
    const found = new Map<string, string>();
    const truth = new Map<string, string>();
    const structural = new Map<string, string>();
    for (const s of report.stakeholders) {
      if (s.audience === "external") continue;
      if (options.include && !options.include(userId, s.id)) continue;
      const label = labelOf(userId, s.id);
      const group = groupOf.get(s.id);
      if (label === undefined || group === undefined) continue;
      truth.set(s.id, label);
      found.set(s.id, group);
      structural.set(s.id, components.get(s.id) ?? s.id);
    }
    return {
      userId,
      items: truth.size,
      groups: score(found, truth),
      components: score(structural, truth),
      random: score(randomGroupingOfSameSizes(found, options.seed + k), truth),
    };
  });
}

// --- The organisation's message graph ---------------------------------------------------------------

export interface OrganisationGraph {
  nodeIds: string[];
  edges: { source: string; target: string; weight: number }[];
  messages: number;
}

/**
 * The whole organisation's message graph from a tenant snapshot: for every message sent in [from, to),
 * each pair of people among sender ∪ To ∪ Cc gets 1 / (participants − 1), the weight the stakeholder
 * graph uses (a message with more than `groupMaxParticipants` participants, or naming more than
 * MAX_ITEM_STAKEHOLDERS people, adds nothing, as there).
 * Nodes are all users, in id order.
 */
export async function organisationGraph(
  dir: string,
  users: readonly SnapshotUser[],
  range: { from: number; to: number },
): Promise<OrganisationGraph> {
  const idOf = new Map<string, string>();
  for (const u of users) {
    idOf.set(u.mail.toLowerCase(), u.id);
    idOf.set(u.userPrincipalName.toLowerCase(), u.id);
  }
  const weights = new Map<string, number>();
  let messages = 0;
  for await (const m of readMessages(dir)) {
    const t = Date.parse(m.sentDateTime);
    if (!(t >= range.from && t < range.to)) continue;
    const addresses = new Set(
      [m.from, ...m.toRecipients, ...(m.ccRecipients ?? [])].map((r) => r.emailAddress.address.toLowerCase()),
    );
    if (addresses.size < 2 || addresses.size > defaultSettings.groupMaxParticipants) continue;
    const people = [...new Set([...addresses].flatMap((a) => idOf.get(a) ?? []))].sort();
    if (people.length < 2 || people.length > MAX_ITEM_STAKEHOLDERS) continue;
    messages++;
    const w = 1 / (addresses.size - 1);
    for (let i = 0; i < people.length; i++)
      for (let j = i + 1; j < people.length; j++) {
        const key = `${people[i]}\u0000${people[j]}`;
        weights.set(key, (weights.get(key) ?? 0) + w);
      }
  }
  const edges = [...weights].map(([key, weight]) => {
    const [source, target] = key.split("\u0000") as [string, string];
    return { source, target, weight };
  });
  return { nodeIds: users.map((u) => u.id).sort(), edges, messages };
}

export interface OrganisationScores {
  communities: number;
  louvain: Score;
  components: Score & { communities: number };
  /** Mean over `seeds` random groupings of the Louvain communities' sizes. */
  random: Score;
  /** Labelled people scored. */
  items: number;
}

/** Louvain (server/insights/groups/detect.ts) over the organisation's graph, against truth labels. */
export function scoreOrganisation(
  graph: OrganisationGraph,
  labels: Labelling,
  options: { seed: number; randomSeeds?: number },
): OrganisationScores {
  const labelled = (m: Map<string, string>) => new Map([...m].filter(([id]) => labels.has(id)));
  const communities = detectCommunities(graph.nodeIds, graph.edges, { seed: options.seed });
  const found = new Map<string, string>();
  for (const c of communities) for (const id of c) found.set(id, c[0]!);
  const louvain = labelled(found);
  const components = labelled(
    connectedComponents(
      graph.nodeIds,
      graph.edges.map((e) => [e.source, e.target] as const),
    ),
  );
  const seeds = options.randomSeeds ?? 10;
  let ari = 0;
  let nmi = 0;
  for (let k = 0; k < seeds; k++) {
    const s = score(randomGroupingOfSameSizes(louvain, options.seed + k), labels);
    ari += s.ari / seeds;
    nmi += s.nmi / seeds;
  }
  return {
    communities: new Set(louvain.values()).size,
    louvain: score(louvain, labels),
    components: { ...score(components, labels), communities: new Set(components.values()).size },
    random: { ari, nmi },
    items: louvain.size,
  };
}

// --- Summaries --------------------------------------------------------------------------------------

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;

/** The median (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const share = (values: readonly number[], atLeast: number): number =>
  values.length === 0 ? Number.NaN : values.filter((v) => v >= atLeast).length / values.length;
