import { performance } from "node:perf_hooks";
import type { Database } from "../server/store/database.js";
import { openPglite } from "../server/store/drivers/pglite.js";
import { openPostgres } from "../server/store/drivers/postgres.js";
import { migrate } from "../server/store/migrate.js";
import type { Person } from "../server/store/repositories/people.js";
import { Store } from "../server/store/store.js";

const people = 20_000;
const batch = 1_000;

async function measure(name: string, db: Database, print: (line: string) => void) {
  await migrate(db);
  const store = new Store(db);
  const tenantId = `bench-${Date.now()}`;
  await store.registerTenant({ id: tenantId, displayName: "Bench", verifiedDomains: ["bench.example"] });
  const tenant = store.forTenant(tenantId);
  const rows: Person[] = Array.from({ length: people }, (_, i) => ({
    id: `p${i}`,
    displayName: `Person ${i}`,
    mail: `person${i}@bench.example`,
    userPrincipalName: `person${i}@bench.example`,
    jobTitle: "Engineer",
    department: `D${i % 8}`,
    officeLocation: null,
    managerId: i === 0 ? null : `p${Math.floor((i - 1) / 7)}`,
  }));
  let start = performance.now();
  for (let i = 0; i < rows.length; i += batch) await tenant.people.upsertMany(rows.slice(i, i + batch));
  const writeMs = performance.now() - start;
  start = performance.now();
  const all = await tenant.people.list();
  const readMs = performance.now() - start;
  print(
    `${name.padEnd(9)} upsert ${people} people: ${writeMs.toFixed(0)} ms (${((people / writeMs) * 1000).toFixed(0)} rows/s); ` +
      `read ${all.length}: ${readMs.toFixed(0)} ms; write/read ratio ${(writeMs / readMs).toFixed(1)}`,
  );
  await store.close();
}

export const storeBenchmark = {
  name: "store",
  description: "batched directory upserts and a full read, on PGlite and (with DATABASE_URL) PostgreSQL",
  async run(print: (line: string) => void) {
    await measure("pglite", await openPglite("memory"), print);
    if (process.env.DATABASE_URL)
      await measure("postgres", await openPostgres(process.env.DATABASE_URL), print);
    else print("postgres  skipped: set DATABASE_URL to include PostgreSQL");
    print(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  },
};
