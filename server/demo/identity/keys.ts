import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from "jose";
import { z } from "zod";

/**
 * The demo sign-in service's token-signing key: RS256, created once and kept in a folder so tokens
 * (and key sets other processes cached) stay valid across restarts, like Entra's published keys.
 */

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public half as published in the key set. */
  publicJwk: JWK;
}

const FILE = "signing-key.json";

const storedSchema = z.object({
  kid: z.string().min(1),
  createdAt: z.string(),
  privateJwk: z.looseObject({ kty: z.literal("RSA"), n: z.string(), e: z.string(), d: z.string() }),
});

export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey> {
  const stored = await readStored(dir);
  if (stored) return fromPrivateJwk(stored.kid, stored.privateJwk);

  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  // Entra's kids are opaque strings; a key thumbprint is stable and unique, which is all a kid must be.
  const kid = await calculateJwkThumbprint(privateJwk);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${FILE}.${process.pid}.tmp`);
  await writeFile(temp, JSON.stringify({ kid, createdAt: new Date().toISOString(), privateJwk }, null, 2), {
    mode: 0o600,
  });
  await rename(temp, join(dir, FILE));
  return fromPrivateJwk(kid, privateJwk);
}

async function readStored(dir: string) {
  let text: string;
  try {
    text = await readFile(join(dir, FILE), "utf8");
  } catch {
    return undefined;
  }
  const parsed = storedSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${join(dir, FILE)} is not a signing key file; delete it to start over`);
  return parsed.data;
}

async function fromPrivateJwk(kid: string, privateJwk: JWK): Promise<SigningKey> {
  const { kty, n, e } = privateJwk;
  const publicJwk: JWK = { kty, n, e };
  return {
    kid,
    privateKey: (await importJWK({ ...privateJwk, alg: "RS256" }, "RS256")) as CryptoKey,
    publicKey: (await importJWK({ ...publicJwk, alg: "RS256" }, "RS256")) as CryptoKey,
    publicJwk,
  };
}
