import { randomBytes, X509Certificate } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "selfsigned";

/**
 * A local certificate authority and a `localhost` / `127.0.0.1` server certificate signed by it, for the
 * demo's HTTPS services (Graph simulator, sign-in). HTTPS is not optional there: the Graph client only
 * sends tokens to https hosts and msal-node refuses http authorities. Orbit trusts the CA through its
 * outbound-trust option (server/http/outbound.ts), exactly as it would a corporate proxy's CA.
 *
 * Both are cached in a folder and reused while valid, so a browser or a tool told to trust the CA once
 * keeps working across restarts; the server certificate is renewed on its own when it nears expiry.
 */

export interface LocalTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const files = { caCert: "ca.pem", caKey: "ca-key.pem", cert: "server.pem", key: "server-key.pem" } as const;
const serverNames = ["localhost"];
const serverIps = ["127.0.0.1", "::1"];
const DAY = 24 * 60 * 60 * 1000;
/** Renew anything with less than this left, so a long-running demo never crosses an expiry. */
const renewWithin = 30 * DAY;

export async function ensureLocalTls(dir: string, now: Date = new Date()): Promise<LocalTls> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let ca = await readPair(dir, files.caCert, files.caKey);
  if (!ca || !isCurrent(ca.cert, now)) {
    ca = await createCa(now);
    await writePair(dir, files.caCert, ca.cert, files.caKey, ca.key);
  }
  let server = await readPair(dir, files.cert, files.key);
  if (!server || !isCurrent(server.cert, now) || !servesLocalhost(server.cert, ca.cert)) {
    server = await createServerCert(ca, now);
    await writePair(dir, files.cert, server.cert, files.key, server.key);
  }
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.key };
}

interface Pair {
  cert: string;
  key: string;
}

async function readPair(dir: string, certFile: string, keyFile: string): Promise<Pair | undefined> {
  try {
    return {
      cert: await readFile(join(dir, certFile), "utf8"),
      key: await readFile(join(dir, keyFile), "utf8"),
    };
  } catch {
    return undefined;
  }
}

/** Key first, then certificate, each through a rename: a reader never sees half a file. */
async function writePair(dir: string, certFile: string, cert: string, keyFile: string, key: string) {
  for (const [file, text] of [
    [keyFile, key],
    [certFile, cert],
  ] as const) {
    const temp = join(dir, `.${file}.${process.pid}.tmp`);
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, join(dir, file));
  }
}

function parse(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function isCurrent(pem: string, now: Date): boolean {
  const cert = parse(pem);
  if (!cert) return false;
  return (
    Date.parse(cert.validFrom) <= now.getTime() && Date.parse(cert.validTo) - renewWithin > now.getTime()
  );
}

function servesLocalhost(certPem: string, caPem: string): boolean {
  const cert = parse(certPem);
  const ca = parse(caPem);
  if (!cert || !ca) return false;
  return (
    cert.checkIssued(ca) &&
    cert.verify(ca.publicKey) &&
    serverNames.every((name) => cert.checkHost(name) !== undefined) &&
    serverIps.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

async function createCa(now: Date): Promise<Pair> {
  const pems = await generate(
    [
      // A unique name: certificates carry no key identifiers, so two Orbit CAs trusted side by side
      // (another checkout, a regenerated one) must not share a subject, or chain building picks the wrong one.
      { name: "commonName", value: `Orbit local development CA ${randomBytes(4).toString("hex")}` },
      { name: "organizationName", value: "Orbit demo" },
    ],
    {
      keySize: 2048,
      algorithm: "sha256",
      notBeforeDate: new Date(now.getTime() - DAY),
      notAfterDate: new Date(now.getTime() + 5 * 365 * DAY),
      extensions: [
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    },
  );
  return { cert: pems.cert, key: pems.private };
}

async function createServerCert(ca: Pair, now: Date): Promise<Pair> {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - DAY),
    // 397 days: the longest validity browsers accept for a server certificate.
    notAfterDate: new Date(now.getTime() + 397 * DAY),
    ca: { cert: ca.cert, key: ca.key },
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...serverNames.map((value) => ({ type: 2 as const, value })),
          ...serverIps.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
