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
  let size = HEADER_BYTES;
  let hasNull = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      hasNull = 1;
      size += 4;
    } else size += 4 + (element === "text" ? Buffer.byteLength(value as string) : FIXED_BYTES[element]);
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32BE(1, 0); // dimensions
  at = out.writeInt32BE(hasNull, at);
  at = out.writeInt32BE(ELEMENT_OID[element], at);
  at = out.writeInt32BE(n, at); // length of the one dimension
  at = out.writeInt32BE(1, at); // its lower bound
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      at = out.writeInt32BE(-1, at);
      continue;
    }
    switch (element) {
      case "text": {
        const written = out.write(value as string, at + 4);
        out.writeInt32BE(written, at);
        at += 4 + written;
        break;
      }
      case "bool":
        at = out.writeInt32BE(1, at);
        at = out.writeUInt8(value ? 1 : 0, at);
        break;
      case "int4":
        at = out.writeInt32BE(4, at);
        at = out.writeInt32BE(value as number, at);
        break;
      case "timestamptz": {
        const ms = (value as Date).getTime();
        if (Number.isNaN(ms)) throw new RangeError("binaryArray: invalid Date");
        // int64 microseconds since 2000-01-01, written as two 32-bit halves (exact below 2^53).
        const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
        const high = Math.floor(micros / TWO_POW_32);
        at = out.writeInt32BE(8, at);
        at = out.writeInt32BE(high, at);
        at = out.writeUInt32BE(micros - high * TWO_POW_32, at);
        break;
      }
    }
  }
  return out;
}
