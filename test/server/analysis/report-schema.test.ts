import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { analyseUser } from "../../../server/analysis/analyse.js";
import { reportJsonSchema } from "../../../server/analysis/report-schema.js";
import { projectRoot } from "../../support/orbit-process.js";
import { syncHarness } from "../sync/sync-harness.js";

const h = syncHarness();

async function publishedValidator() {
  const schema = JSON.parse(await readFile(join(projectRoot, "docs/report.schema.json"), "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe("the report's published JSON Schema", () => {
  it("is the one generated from the report schema (run `npm run schema` after changing it)", async () => {
    const published = JSON.parse(await readFile(join(projectRoot, "docs/report.schema.json"), "utf8"));
    expect(published).toEqual(reportJsonSchema());
  });

  it("accepts real reports of a leader synced from a generated tenant, and rejects broken ones", async () => {
    const validate = await publishedValidator();
    const s = await h.newStore();
    const synced = await h.run(s);
    expect(synced.phase).toBe("done");
    const { report } = await analyseUser(s.tenant, h.user.id, { asOf: h.asOf, windowDays: 14 });
    // A leader with staff, a manager and mail: every section has something in it.
    expect(report.user.directReports).toBeGreaterThan(0);
    expect(report.stakeholders.length).toBeGreaterThan(0);
    expect(report.groups.length).toBeGreaterThan(0);
    expect(report.responsiveness.overall.turns).toBeGreaterThan(0);
    const plain = JSON.parse(JSON.stringify(report));
    expect(validate(plain), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    const missing = structuredClone(plain);
    delete missing.responsiveness.byAudience.staff;
    expect(validate(missing)).toBe(false);
    const wrongRing = structuredClone(plain);
    wrongRing.stakeholders[0].ring = 5;
    expect(validate(wrongRing)).toBe(false);
    const extra = structuredClone(plain);
    extra.user.password = "x";
    expect(validate(extra)).toBe(false);
  }, 120_000);
});
