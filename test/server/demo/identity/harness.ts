import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import {
  createDemoSignIn,
  type DemoSignIn,
  type DemoSignInOptions,
} from "../../../../server/demo/identity/index.js";
import { ensureLocalTls, type LocalTls } from "../../../../server/demo/tls.js";
import { createOutboundFetch } from "../../../../server/http/outbound.js";
import type { SnapshotTenant, SnapshotUser } from "../../../../server/snapshot/schema.js";

/** A small demo tenant in snapshot shape (Graph `user` objects). */
export const tenant: SnapshotTenant = {
  id: "8f2c6a4e-1b3d-4e5f-9a7b-0c1d2e3f4a5b",
  displayName: "Contoso (demo)",
  verifiedDomains: [{ name: "contoso.example", isDefault: true }],
};

export const users: SnapshotUser[] = [
  {
    id: "0b7f3e2a-1111-4c2d-9e8f-000000000001",
    displayName: "Megan Bowen",
    mail: "megan@contoso.example",
    userPrincipalName: "megan@contoso.example",
    jobTitle: "Director of Sales",
    department: "Sales",
    manager: null,
  },
  {
    id: "0b7f3e2a-2222-4c2d-9e8f-000000000002",
    displayName: "Adele Vance",
    mail: "adele@contoso.example",
    userPrincipalName: "adele@contoso.example",
    jobTitle: "Account Manager",
    department: "Sales",
    manager: { id: "0b7f3e2a-1111-4c2d-9e8f-000000000001" },
  },
  {
    id: "0b7f3e2a-3333-4c2d-9e8f-000000000003",
    displayName: "Lee Gu",
    mail: "lee@contoso.example",
    userPrincipalName: "lee@contoso.example",
    jobTitle: null,
    department: null,
    manager: { id: "0b7f3e2a-1111-4c2d-9e8f-000000000001" },
  },
];

export const megan = users[0]!;
export const adele = users[1]!;

export const orbitClient = {
  clientId: "3c1d9b52-7e4f-4a8b-b6c1-d2e3f4a5b6c7",
  clientSecret: "orbit-demo-secret",
  displayName: "Orbit",
  delegatedScopes: ["User.Read", "Mail.ReadBasic", "Calendars.ReadBasic", "MailboxSettings.Read"],
  appRoles: ["Mail.ReadBasic.All", "Calendars.ReadBasic.All", "User.Read.All"],
  userRoles: { [megan.id]: ["Orbit.Admin"] },
};

/** A second registered app with nothing consented, to see the consent error. */
export const otherClient = {
  clientId: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
  clientSecret: "other-secret",
  displayName: "Other app",
};

export interface Harness {
  base: string;
  port: number;
  dir: string;
  tls: LocalTls;
  signIn: DemoSignIn;
  /** Orbit's outbound fetch, trusting the local CA. */
  outbound: typeof fetch;
  /** A second instance on the same keys folder (as after a restart). */
  restart(overrides?: Partial<DemoSignInOptions>): Promise<DemoSignIn>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<DemoSignInOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "orbit-identity-"));
  const tls = await ensureLocalTls(join(dir, "tls"));
  const app = express();
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, app);
  // Every raw socket, TLS handshakes included (closeAllConnections only knows finished handshakes).
  const sockets = new Set<{ destroy(): void }>();
  server.on("connection", (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `https://localhost:${port}`;
  const options = (extra: Partial<DemoSignInOptions>) =>
    ({
      tenant,
      users,
      issuerBaseUrl: base,
      clients: [
        { ...orbitClient, apiAudiences: [`api://localhost:${port}/${orbitClient.clientId}`] },
        otherClient,
      ],
      keysDir: join(dir, "keys"),
      ...overrides,
      ...extra,
    }) as DemoSignInOptions;
  const signIn = await createDemoSignIn(options({}));
  app.use(signIn.router);
  return {
    base,
    port,
    dir,
    tls,
    signIn,
    outbound: createOutboundFetch({ extraCaPem: tls.caPem }),
    restart: (extra = {}) => createDemoSignIn(options(extra)),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** POST a form to the token endpoint with Orbit's outbound fetch. */
export async function postToken(
  h: Harness,
  form: Record<string, string>,
  init: { tenant?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await h.outbound(`${h.base}/${init.tenant ?? tenant.id}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...init.headers },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** The claims of a JWT, unverified (tests look at what was issued). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"));
}

/** A response body as loosely typed JSON (tests inspect its fields). */
export async function jsonOf(response: Response): Promise<ReturnType<typeof JSON.parse>> {
  return JSON.parse(await response.text());
}
