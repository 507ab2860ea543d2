import { X509Certificate } from "node:crypto";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLocalTls, type LocalTls } from "../../../server/demo/tls.js";

const DAY = 24 * 60 * 60 * 1000;

describe("local HTTPS certificate (server/demo/tls.ts)", () => {
  let dir: string;
  let first: LocalTls;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orbit-tls-"));
    first = await ensureLocalTls(join(dir, "tls"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("creates a CA and a localhost / 127.0.0.1 server certificate signed by it", () => {
    const ca = new X509Certificate(first.caPem);
    const cert = new X509Certificate(first.certPem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkHost("example.com")).toBeUndefined();
    expect(cert.keyUsage).toContain("1.3.6.1.5.5.7.3.1"); // serverAuth
    expect(first.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("keeps the private keys readable by the owner only", async () => {
    for (const file of await readdir(join(dir, "tls"))) {
      if (file.includes("key")) expect((await stat(join(dir, "tls", file))).mode & 0o077).toBe(0);
    }
  });

  it("reuses the cached certificates while they are valid", async () => {
    expect(await ensureLocalTls(join(dir, "tls"))).toEqual(first);
  });

  it("renews the server certificate near its expiry, keeping the CA people already trust", async () => {
    const later = new Date(Date.now() + 380 * DAY);
    const renewed = await ensureLocalTls(join(dir, "tls"), later);
    expect(renewed.caPem).toBe(first.caPem);
    expect(renewed.certPem).not.toBe(first.certPem);
    const cert = new X509Certificate(renewed.certPem);
    expect(Date.parse(cert.validTo)).toBeGreaterThan(later.getTime() + 300 * DAY);
    expect(cert.verify(new X509Certificate(renewed.caPem).publicKey)).toBe(true);
  });

  it("replaces an expiring CA, and the server certificate with it", async () => {
    const much = new Date(Date.now() + 5 * 365 * DAY);
    const fresh = await ensureLocalTls(join(dir, "tls"), much);
    expect(fresh.caPem).not.toBe(first.caPem);
    expect(new X509Certificate(fresh.certPem).checkIssued(new X509Certificate(fresh.caPem))).toBe(true);
  });

  it("replaces damaged files", async () => {
    const other = join(dir, "damaged");
    const made = await ensureLocalTls(other);
    await writeFile(join(other, "server.pem"), "garbage");
    const repaired = await ensureLocalTls(other);
    expect(repaired.caPem).toBe(made.caPem);
    expect(() => new X509Certificate(repaired.certPem)).not.toThrow();
  });

  it("gives every CA its own name, so two can be trusted side by side", async () => {
    const other = await ensureLocalTls(join(dir, "second"));
    expect(new X509Certificate(other.caPem).subject).not.toBe(new X509Certificate(first.caPem).subject);
  });
});
