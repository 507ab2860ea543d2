/**
 * One-dimensional arrays in PostgreSQL's binary wire format (what `array_send` writes and `array_recv`
 * reads). Both drivers send a Buffer parameter as binary, so a page's column arrays reach the server
 * without being escaped into array literals here and parsed back there: for a 1,000-message page that
 * text round trip cost more than storing the rows, most of all in the embedded PGlite (docs/sync.md).
 * Use with a typed placeholder (`$3::text[]`), so the server knows what it receives.
 */

const ELEMENT_OID = { text: 25, bool: 16, int4: 23, timestamptz: 1184 } as const;
export type BinaryArrayElement = keyof typeof ELEMENT_OID;

/** PostgreSQL's epoch (2000-01-01 UTC) in Unix milliseconds. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_POW_32 = 2 ** 32;
const HEADER_BYTES = 20;
const FIXED_BYTES = { bool: 1, int4: 4, timestamptz: 8 } as const;

/** Encodes `values` (null or undefined for NULL) as a binary array of `element`. */
export function binaryArray(element: "text", values: readonly (string | null | undefined)[]): Buffer;
export function binaryArray(element: "bool", values: readonly (boolean | null | undefined)[]): Buffer;
export function binaryArray(element: "int4", values: readonly (number | null | undefined)[]): Buffer;
export function binaryArray(element: "timestamptz", values: readonly (Date | null | undefined)[]): Buffer;
export function binaryArray(element: BinaryArrayElement, values: readonly unknown[]): Buffer {
  const n = values.length;
  // Room for the worst case (a UTF-16 unit is at most 3 UTF-8 bytes): each text is written once, with no
  // separate pass to measure it.
  let room = HEADER_BYTES + 4 * n;
  if (element === "text")
    for (const value of values) room += typeof value === "string" ? 3 * value.length : 0;
  else room += FIXED_BYTES[element] * n;
  const out = Buffer.allocUnsafe(room);
  let hasNull = 0;
  let at = int32(out, HEADER_BYTES - 12, ELEMENT_OID[element]);
  at = int32(out, at, n); // length of the one dimension
  at = int32(out, at, 1); // its lower bound
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      hasNull = 1;
      at = int32(out, at, -1);
      continue;
    }
    switch (element) {
      case "text": {
        const written = out.write(value as string, at + 4);
        int32(out, at, written);
        at += 4 + written;
        break;
      }
      case "bool":
        at = int32(out, at, 1);
        out[at++] = value ? 1 : 0;
        break;
      case "int4":
        at = int32(out, at, 4);
        at = int32(out, at, value as number);
        break;
      case "timestamptz": {
        const ms = (value as Date).getTime();
        if (Number.isNaN(ms)) throw new RangeError("binaryArray: invalid Date");
        // int64 microseconds since 2000-01-01, written as two 32-bit halves (exact below 2^53).
        const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
        const high = Math.floor(micros / TWO_POW_32);
        at = int32(out, at, 8);
        at = int32(out, at, high);
        at = int32(out, at, micros - high * TWO_POW_32);
        break;
      }
    }
  }
  int32(out, 0, 1); // dimensions
  int32(out, 4, hasNull);
  // An exact copy when texts left room over, so no unused tail travels on or stays allocated.
  return at === room ? out : Buffer.from(out.subarray(0, at));
}

/** Writes a 32-bit big-endian integer (the low 32 bits of `value`); returns the offset after it. */
function int32(out: Buffer, at: number, value: number): number {
  out[at] = value >>> 24;
  out[at + 1] = value >>> 16;
  out[at + 2] = value >>> 8;
  out[at + 3] = value;
  return at + 4;
}
