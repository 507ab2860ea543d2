import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Opaque identifiers. Mailbox item ids look like Exchange's (`AAMkAG…`, URL-safe base64) but carry the
 * simulator's copy index plus a keyed hash, so an id maps back to its copy in O(1) and made-up ids are
 * refused. They depend only on the tenant and the snapshot, so they stay the same across restarts.
 */

const ITEM_PREFIX = "AAMkAG";
const FOLDER_PREFIX = "AQMkAG";

export type ItemKind = "message" | "event";
const kindByte: Record<ItemKind, number> = { message: 1, event: 2 };

function digest(salt: string, text: string, bytes: number): Buffer {
  return createHash("sha256").update(salt).update("\0").update(text).digest().subarray(0, bytes);
}

export function itemId(salt: string, kind: ItemKind, index: number): string {
  const bytes = Buffer.allocUnsafe(32);
  bytes[0] = kindByte[kind];
  bytes.writeUInt32BE(index, 1);
  digest(salt, `${kind}:${index}`, 27).copy(bytes, 5);
  return `${ITEM_PREFIX}${bytes.toString("base64url")}=`;
}

/** The copy index an id names, or undefined when it is not one of ours. */
export function parseItemId(salt: string, kind: ItemKind, id: string): number | undefined {
  if (!id.startsWith(ITEM_PREFIX) || !id.endsWith("=")) return undefined;
  const bytes = Buffer.from(id.slice(ITEM_PREFIX.length, -1), "base64url");
  if (bytes.length !== 32 || bytes[0] !== kindByte[kind]) return undefined;
  const index = bytes.readUInt32BE(1);
  const expected = digest(salt, `${kind}:${index}`, 27);
  return timingSafeEqual(expected, bytes.subarray(5)) ? index : undefined;
}

export function folderId(salt: string, userId: string, folder: string): string {
  return `${FOLDER_PREFIX}${digest(salt, `folder:${userId}:${folder}`, 33).toString("base64url")}AAA=`;
}

/** Weak ETag and changeKey for a copy at a version, in the shape Exchange uses. */
export function changeKey(index: number, version: number): string {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(0x16, 0);
  bytes.writeUInt32BE(index, 4);
  bytes.writeUInt32BE(version, 8);
  return `CQAAAB${bytes.toString("base64")}`;
}

export const etag = (index: number, version: number) => `W/"${changeKey(index, version)}"`;

/** 32-bit FNV-1a: the deterministic hash behind the archive rule and default read state. */
export function fnv1a(text: string): number {
  return fnv1aExtend(0x811c9dc5, text);
}

/** Continues an FNV-1a hash: fnv1aExtend(fnv1a(a), b) === fnv1a(a + b). */
export function fnv1aExtend(start: number, text: string): number {
  let hash = start;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Signed opaque tokens ($skiptoken / $deltatoken). The payload is JSON, so the state lives in the link
 * and the simulator keeps no per-round memory; the HMAC stops a client from editing it.
 */
export class TokenCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash("sha256").update(`graph-sim-token:${secret}`).digest();
  }

  encode(state: object): string {
    const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  /** The state, or undefined when the token is malformed or was not signed by this key. */
  decode<T>(token: string): T | undefined {
    const dot = token.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const payload = token.slice(0, dot);
    const signature = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(payload));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as T;
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest().subarray(0, 12).toString("base64url");
  }
}
