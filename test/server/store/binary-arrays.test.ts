import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binaryArray } from "../../../server/store/binary-arrays.js";
import type { Database } from "../../../server/store/database.js";
import { databaseTargets } from "../../support/databases.js";

// PostgreSQL's own array_in reads these back; comparing with what each driver returns proves the binary
// encoding byte for byte, on the embedded PGlite and on a PostgreSQL server.
describe.each(databaseTargets)("binary arrays on $name", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await target.create());
  });
  afterAll(() => drop());

  const roundTrip = async (sqlType: string, value: Buffer) => {
    const { rows } = await db.query<{ v: unknown[]; n: number | null; nulls: number | null }>(
      `select $1::${sqlType}[] as v, cardinality($1::${sqlType}[]) as n,
         array_position($1::${sqlType}[], null) as nulls`,
      [value],
    );
    return rows[0]!;
  };

  it("reads texts back exactly, with NULLs, empty strings, quotes, separators and any Unicode", async () => {
    const values = [
      "plain",
      "",
      null,
      'quote " and \\ backslash',
      "{braces},commas",
      "é 中文 🎉",
      "a\u001fb",
    ];
    const row = await roundTrip("text", binaryArray("text", values));
    expect(row.v).toEqual(values);
    expect(row.nulls).toBe(3);
  });

  it("reads instants back to the millisecond, before and after PostgreSQL's epoch", async () => {
    const values = [
      new Date("2026-11-24T06:30:15.123Z"),
      new Date("1999-12-31T23:59:59.999Z"),
      new Date("1970-01-01T00:00:00.000Z"),
      null,
      new Date("2100-03-01T12:00:00.001Z"),
    ];
    const row = await roundTrip("timestamptz", binaryArray("timestamptz", values));
    expect((row.v as (Date | null)[]).map((d) => d?.toISOString() ?? null)).toEqual(
      values.map((d) => d?.toISOString() ?? null),
    );
  });

  it("reads booleans and integers back, and an empty array as empty", async () => {
    expect((await roundTrip("boolean", binaryArray("bool", [true, false, null]))).v).toEqual([
      true,
      false,
      null,
    ]);
    expect((await roundTrip("integer", binaryArray("int4", [0, -1, 2 ** 31 - 1, -(2 ** 31)]))).v).toEqual([
      0,
      -1,
      2 ** 31 - 1,
      -(2 ** 31),
    ]);
    const empty = await roundTrip("text", binaryArray("text", []));
    expect(empty.v).toEqual([]);
    expect(empty.n).toBe(0);
  });

  it("matches the text encoding for any texts and instants (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        // PostgreSQL texts cannot hold NUL, whatever the encoding.
        fc.array(
          fc.option(
            fc.string({ unit: "grapheme" }).filter((s) => !s.includes("\u0000")),
            { nil: null },
          ),
          {
            maxLength: 20,
          },
        ),
        fc.array(
          fc.date({ min: new Date("1900-01-01Z"), max: new Date("2200-01-01Z"), noInvalidDate: true }),
          {
            maxLength: 20,
          },
        ),
        async (texts, dates) => {
          expect((await roundTrip("text", binaryArray("text", texts))).v).toEqual(texts);
          const back = (await roundTrip("timestamptz", binaryArray("timestamptz", dates))).v as Date[];
          expect(back.map((d) => d.getTime())).toEqual(dates.map((d) => d.getTime()));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("refuses an invalid Date rather than writing a wrong instant", () => {
    expect(() => binaryArray("timestamptz", [new Date(Number.NaN)])).toThrow(RangeError);
  });
});
