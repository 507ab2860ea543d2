import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { defaultDatasetSource } from "../server/cli/commands/dataset.js";
import { convertEnron, enronFolder } from "../server/datasets/enron.js";
import { convertEuCore, euCoreFolder } from "../server/datasets/eu-core.js";
import { staffOverUp } from "../server/demo/generator/behaviour.js";
import { generateDemoTenant } from "../server/demo/generator/generate.js";
import { GENERATOR_VERSION } from "../server/demo/generator/version.js";
import type { KmMedian } from "../server/insights/statistics.js";
import { defaultSettings } from "../server/insights/types.js";
import { DAY_MS } from "../server/insights/window.js";
import { readTenant, readTruth, readUsers, type SnapshotUser } from "../server/snapshot/index.js";
import { openPglite } from "../server/store/drivers/pglite.js";
import { migrate } from "../server/store/migrate.js";
import { Store } from "../server/store/store.js";
import {
  type Analysed,
  analyseEveryone,
  type DemoTruth,
  demoLabeller,
  leadersOf,
  mean,
  median,
  organisationGraph,
  type PersonScore,
  personGroupScores,
  replyTimeAccuracy,
  type Score,
  scoreOrganisation,
  share,
  staffSlowerThanUpCheck,
  syncEveryone,
} from "../test/support/accuracy.js";
import { startRemoteDemoHost } from "./support/remote-demo-host.js";

/**
 * The accuracy benchmarks (docs/metrics/accuracy.md): how close Orbit's reply times, flags and groups
 * come to ground truth. `accuracy-demo` syncs every user of a 300-person, 90-day demo tenant through
 * the real path (demo host in its own process, msal-node, Graph client, sync engine, PGlite) and
 * compares each report with truth.json; `accuracy-enron` does the same for the Enron snapshot against
 * long departments; `accuracy-eu-core` runs the groups' Louvain over the whole email-Eu-core
 * organisation against its departments. Each prints its numbers next to the targets, and says plainly
 * when a target is not met.
 */

type Print = (line: string) => void;

const demo = { seed: 1, people: 300, days: 90, end: "2026-03-02T00:00:00Z" } as const;
const windowDays = 90;
/** Reply times are compared where the truth has at least this many turns. */
const minTurns = 5;
const tolerance = 0.2;
const ariTarget = 0.7;
const peopleTarget = 0.8;
/** A person's groups are scored on datasets when they have at least this many labelled stakeholders. */
const minScoredStakeholders = 5;
/** The busiest 90 days of each dataset end here (docs/datasets.md). */
const enronAsOf = "2001-12-09T00:00:00Z";
const euCoreAsOf = "2002-06-11T00:00:00Z";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f2 = (x: number) => x.toFixed(2);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const hours = (h: KmMedian) =>
  h === null ? "–" : typeof h === "number" ? `${h.toFixed(2)} h` : `≥ ${h.atLeast.toFixed(1)} h`;
const verdict = (met: boolean) => (met ? "met" : "NOT MET");

/** A snapshot folder made once per machine (the inputs are deterministic), reused by later runs. */
async function cachedSnapshot(name: string, make: (dir: string) => Promise<unknown>, print: Print) {
  const dir = join(tmpdir(), `orbit-bench-accuracy-${name}`);
  if (existsSync(join(dir, "done"))) {
    print(`snapshot  reused ${dir}`);
    return dir;
  }
  const started = performance.now();
  await make(dir);
  await writeFile(join(dir, "done"), "");
  print(`snapshot  made in ${secs(performance.now() - started)}: ${dir}`);
  return dir;
}

/** Syncs every user of a snapshot into one in-memory PGlite store and analyses each, per variant. */
async function syncAndAnalyse<V extends string>(
  dir: string,
  users: SnapshotUser[],
  asOf: Date,
  variants: Record<V, Partial<typeof defaultSettings>>,
  print: Print,
): Promise<Record<V, Analysed[]>> {
  const host = await startRemoteDemoHost(dir);
  const db = await openPglite("memory");
  try {
    await migrate(db);
    const store = new Store(db);
    const synced = await syncEveryone({ endpoint: host, store, users, asOf, windowDays });
    print(
      `sync      ${synced.users} users, ${synced.items} items, page size 1000: ${secs(synced.ms)} ` +
        `(${(synced.ms / 1000 / synced.users).toFixed(2)} s a user)` +
        (synced.failed.length > 0 ? `; FAILED: ${synced.failed.join("; ")}` : ""),
    );
    const analysed = await analyseEveryone(
      store.forTenant(host.tenantId),
      users.map((u) => u.id),
      { asOf, windowDays, variants },
    );
    print(
      `analyse  ${users.length} users × ${Object.keys(variants).length} settings variants: ${secs(analysed.ms)} ` +
        `(read from the store once a user)`,
    );
    return analysed.byVariant;
  } finally {
    await db.close();
    await host.close();
  }
}

function printPersonScores(label: string, scores: readonly PersonScore[], print: Print) {
  const pick = (f: (s: PersonScore) => Score) => ({
    ari: scores.map((s) => f(s).ari),
    nmi: scores.map((s) => f(s).nmi),
  });
  const rows: [string, ReturnType<typeof pick>][] = [
    ["suggested groups", pick((s) => s.groups)],
    ["connected components", pick((s) => s.components)],
    ["random, same sizes", pick((s) => s.random)],
  ];
  print(`${label} (${scores.length} people; mean / median over people):`);
  for (const [name, v] of rows)
    print(
      `            ${name.padEnd(22)} ARI ${f2(mean(v.ari))} / ${f2(median(v.ari))}   NMI ${f2(mean(v.nmi))} / ${f2(median(v.nmi))}`,
    );
}

function printOrganisation(label: string, s: ReturnType<typeof scoreOrganisation>, print: Print) {
  print(`${label} (${s.items} labelled people):`);
  print(
    `            Louvain (groups module)  ${String(s.communities).padStart(4)} communities   ARI ${f2(s.louvain.ari)}   NMI ${f2(s.louvain.nmi)}`,
  );
  print(
    `            connected components     ${String(s.components.communities).padStart(4)} communities   ARI ${f2(s.components.ari)}   NMI ${f2(s.components.nmi)}`,
  );
  print(
    `            random, same sizes          (mean of 10)   ARI ${f2(s.random.ari)}   NMI ${f2(s.random.nmi)}`,
  );
}

// --- Demo tenant --------------------------------------------------------------------------------------

async function demoAccuracy(print: Print) {
  const dir = await cachedSnapshot(
    `demo-s${demo.seed}-p${demo.people}-d${demo.days}-g${GENERATOR_VERSION}`,
    (out) =>
      generateDemoTenant({
        out,
        seed: demo.seed,
        people: demo.people,
        days: demo.days,
        end: new Date(demo.end),
      }),
    print,
  );
  const users = await readUsers(dir);
  const truth = JSON.parse(await readFile(join(dir, "truth.json"), "utf8")) as DemoTruth;
  const asOf = new Date((await readTenant(dir)).asOf!);
  print(
    `tenant    ${users.length} people, ${demo.days} days to ${asOf.toISOString()}, window ${windowDays} days`,
  );
  const byVariant = await syncAndAnalyse(
    dir,
    users,
    asOf,
    { shipped: {}, mailOnly: { sameDepartmentWeight: 0, sameManagerWeight: 0 } },
    print,
  );
  const analysed = byVariant.shipped;
  const leaders = leadersOf(users);

  // Reply times.
  const rows = replyTimeAccuracy(truth, analysed, leaders, { minTurns, tolerance });
  const within = rows.filter((r) => r.within).length;
  print(
    `reply-time  leaders within ${pct(tolerance)}: ${within}/${rows.length} audiences with ≥ ${minTurns} turns ` +
      `(${pct(within / rows.length)}, ${leaders.length} leaders; target all: ${verdict(within === rows.length)})`,
  );
  for (const r of rows.filter((x) => !x.within)) {
    print(
      `            miss: ${r.userId.slice(0, 8)} (${r.habit}) ${r.audience}: KM ${hours(r.km)} vs true ${hours(r.truthHours)} ` +
        `(ratio ${r.ratio === null ? "–" : f2(r.ratio)}; ${r.truthTurns} turns, ${r.reportTurns} in the report)`,
    );
    if (r.halfPlateau)
      print(
        `              Ŝ is exactly 0.5 from ${hours(r.halfPlateau.from)} to ${hours(r.halfPlateau.to)}; ` +
          `its midpoint ${hours((r.halfPlateau.from + r.halfPlateau.to) / 2)} ` +
          `would be ${r.withinByMidpoint ? "within" : "outside"} ${pct(tolerance)}`,
      );
  }
  const plateaus = rows.filter((r) => r.halfPlateau !== null);
  print(
    `            diagnostic: Ŝ is exactly 0.5 between two reply times in ${plateaus.length}/${rows.length} rows; taking ` +
      `that segment's midpoint (as R survival's median.survfit does) instead of its lower end (insights.md) ` +
      `would put ${rows.filter((r) => r.withinByMidpoint).length}/${rows.length} within`,
  );
  const big = rows.filter((r) => r.truthTurns >= 20);
  print(
    `            with ≥ 20 turns: ${big.filter((r) => r.within).length}/${big.length}; ` +
      `turn counts equal to truth: ${rows.filter((r) => r.truthTurns === r.reportTurns).length}/${rows.length}`,
  );
  const configured = rows.filter(
    (r) => typeof r.km === "number" && Math.abs(r.km / r.configuredHours - 1) <= tolerance,
  ).length;
  print(
    `            (vs the configured median, a model parameter with sampling noise: ${configured}/${rows.length})`,
  );
  const everyone = replyTimeAccuracy(
    truth,
    analysed,
    users.map((u) => u.id),
    { minTurns, tolerance },
  );
  print(
    `            everyone (not only leaders): ${everyone.filter((r) => r.within).length}/${everyone.length}`,
  );

  // Flags.
  const flags = staffSlowerThanUpCheck(truth, analysed, leaders);
  const slow = new Set(truth.leaders.slowToStaff);
  const slowRows = flags.filter((f) => slow.has(f.userId));
  const others = flags.filter((f) => !slow.has(f.userId));
  const othersFlagged = others.filter((f) => f.flagged);
  print(
    `flags     staffSlowerThanUp: slow-to-staff leader flagged ${slowRows.filter((f) => f.flagged).length}/${slowRows.length} ` +
      `(target all: ${verdict(slowRows.length > 0 && slowRows.every((f) => f.flagged))}); ` +
      `other leaders flagged ${othersFlagged.length}/${others.length} (target 0: ${verdict(othersFlagged.length === 0)})`,
  );
  const agree = flags.filter((f) => f.flagged === f.truthRule).length;
  print(
    `            the flag equals its rule applied to the truth's medians (staff > 2 × up, ≥ 5 turns each) ` +
      `for ${agree}/${flags.length} leaders; others flagged whose true staff/up ratio is > 2: ` +
      `${othersFlagged.filter((f) => f.truthRule).length}/${othersFlagged.length}`,
  );
  for (const f of flags.filter((x) => x.flagged !== x.truthRule))
    print(
      `            disagrees: ${f.userId.slice(0, 8)} (${f.habit}) flagged ${f.flagged}, true staff ${hours(f.truthStaff)} up ${hours(f.truthUp)}`,
    );
  const typical = flags.filter((f) => f.truthStaff !== null && f.truthUp && !slow.has(f.userId));
  print(
    `            other leaders' true staff/up median ratio: median ${f2(median(typical.map((f) => f.truthStaff! / f.truthUp!)))} ` +
      `(the generator's typical staff median is ${staffOverUp.min}–${staffOverUp.max} × the up median; the flag's factor is 2)`,
  );

  // Groups.
  const labeller = demoLabeller(truth);
  const scores = personGroupScores(analysed, labeller.label, { seed: 1 });
  const aris = scores.map((s) => s.groups.ari);
  const reached = share(aris, ariTarget);
  print(
    `groups    ARI ≥ ${ariTarget} for ${pct(reached)} of ${scores.length} people (target ≥ ${pct(peopleTarget)}: ` +
      `${verdict(reached >= peopleTarget)}; ratio ${f2(reached / peopleTarget)}); truth: shared team, else shared project, else their own team`,
  );
  printPersonScores("            over each person's internal stakeholders", scores, print);
  print(
    `            random baseline reaching ARI ≥ ${ariTarget}: ${pct(
      share(
        scores.map((s) => s.random.ari),
        ariTarget,
      ),
    )}; connected components: ${pct(
      share(
        scores.map((s) => s.components.ari),
        ariTarget,
      ),
    )}`,
  );
  const diagnostics: [string, PersonScore[]][] = [
    ["project-first labelling", personGroupScores(analysed, demoLabeller(truth, "project-first").label)],
    [
      "only stakeholders sharing a team or project with U",
      personGroupScores(analysed, labeller.label, { seed: 1, include: labeller.close }),
    ],
    [
      "everyone else as one label (“elsewhere”)",
      personGroupScores(analysed, (u, s) => (labeller.close(u, s) ? labeller.label(u, s) : "elsewhere")),
    ],
    [
      "interaction only (directory affinity weights 0)",
      personGroupScores(byVariant.mailOnly, labeller.label),
    ],
  ];
  for (const [name, list] of diagnostics) {
    const a = list.map((s) => s.groups.ari);
    print(
      `            diagnostic, ${name}: ARI ≥ ${ariTarget} for ${pct(share(a, ariTarget))}, median ARI ${f2(median(a))}`,
    );
  }
  print(`memory    peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

// --- Enron --------------------------------------------------------------------------------------------

async function enronAccuracy(print: Print) {
  const dir = await cachedSnapshot(
    "enron",
    (out) => convertEnron({ source: defaultDatasetSource(enronFolder), out }),
    print,
  );
  const users = await readUsers(dir);
  const labels = new Map(Object.entries((await readTruth(dir))!.primaryGroup));
  const asOf = new Date(enronAsOf);
  print(
    `dataset   ${users.length} people, ${new Set(labels.values()).size} long departments over ${labels.size}; ` +
      `window ${windowDays} days to ${enronAsOf} (the busiest 90 days)`,
  );
  const byVariant = await syncAndAnalyse(
    dir,
    users,
    asOf,
    { shipped: {}, mailOnly: { sameDepartmentWeight: 0, sameManagerWeight: 0 } },
    print,
  );
  const labelOf = (_u: string, s: string) => labels.get(s);
  const scored = (list: PersonScore[]) => list.filter((s) => s.items >= minScoredStakeholders);
  const mailOnly = scored(personGroupScores(byVariant.mailOnly, labelOf));
  const shipped = scored(personGroupScores(byVariant.shipped, labelOf));
  print(
    `groups    each person's suggested groups vs the long departments of their internal stakeholders ` +
      `(people with ≥ ${minScoredStakeholders} labelled stakeholders):`,
  );
  printPersonScores(
    "          interaction only (directory affinity 0: departments are the labels)",
    mailOnly,
    print,
  );
  printPersonScores(
    `          as shipped (department affinity ${defaultSettings.sameDepartmentWeight}, manager ${defaultSettings.sameManagerWeight}; Enron's directory has no managers)`,
    shipped,
    print,
  );
  const better = mailOnly.filter((s) => s.groups.ari > s.random.ari + 1e-9).length;
  const worse = mailOnly.filter((s) => s.groups.ari < s.random.ari - 1e-9).length;
  print(
    `          interaction only vs its random baseline, per person: ARI higher for ${better}, ` +
      `equal for ${mailOnly.length - better - worse}, lower for ${worse}`,
  );

  const window = { from: asOf.getTime() - windowDays * DAY_MS, to: asOf.getTime() };
  const graph = await organisationGraph(dir, users, window);
  printOrganisation(
    `organisation  the whole organisation's mail graph, same window (${graph.messages} messages)`,
    scoreOrganisation(graph, labels, { seed: defaultSettings.groupSeed }),
    print,
  );
  const all = await organisationGraph(dir, users, { from: 0, to: Number.POSITIVE_INFINITY });
  printOrganisation(
    `organisation  all of it, Nov 1998 – Jun 2002 (${all.messages} messages)`,
    scoreOrganisation(all, labels, { seed: defaultSettings.groupSeed }),
    print,
  );
}

// --- email-Eu-core ------------------------------------------------------------------------------------

async function euCoreAccuracy(print: Print) {
  for (const groupRecipients of [false, true]) {
    const dir = await cachedSnapshot(
      groupRecipients ? "eu-core-grouped" : "eu-core",
      (out) => convertEuCore({ source: defaultDatasetSource(euCoreFolder), out, groupRecipients }),
      print,
    );
    const users = await readUsers(dir);
    const labels = new Map(Object.entries((await readTruth(dir))!.primaryGroup));
    print(
      `dataset   ${users.length} people, ${new Set(labels.values()).size} departments over ${labels.size}; ` +
        (groupRecipients ? "recipients grouped per (sender, second)" : "one message per edge"),
    );
    const started = performance.now();
    const all = await organisationGraph(dir, users, { from: 0, to: Number.POSITIVE_INFINITY });
    printOrganisation(
      `communities  the whole organisation, all 803 days (${all.messages} messages, ${all.edges.length} pairs)`,
      scoreOrganisation(all, labels, { seed: defaultSettings.groupSeed }),
      print,
    );
    const end = Date.parse(euCoreAsOf);
    const busiest = await organisationGraph(dir, users, { from: end - windowDays * DAY_MS, to: end });
    printOrganisation(
      `communities  the busiest ${windowDays} days, to ${euCoreAsOf} (${busiest.messages} messages)`,
      scoreOrganisation(busiest, labels, { seed: defaultSettings.groupSeed }),
      print,
    );
    print(`time      ${secs(performance.now() - started)} for both graphs and their communities`);
  }
}

export const accuracyDemoBenchmark = {
  name: "accuracy-demo",
  description:
    "reply times, staffSlowerThanUp and suggested groups of every user of a 300-person demo tenant against truth.json",
  run: demoAccuracy,
};

export const accuracyEnronBenchmark = {
  name: "accuracy-enron",
  description:
    "each Enron person's suggested groups (and the organisation's communities) against long departments",
  run: enronAccuracy,
};

export const accuracyEuCoreBenchmark = {
  name: "accuracy-eu-core",
  description: "Louvain communities of the whole email-Eu-core organisation against its departments",
  run: euCoreAccuracy,
};
