import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import express from "express";
import { createGraphSimulator, type FaultSpec, type GraphSimulator } from "./graph-sim/index.js";
import { createDemoSignIn, type DemoSignIn } from "./identity/index.js";
import { ensureLocalTls } from "./tls.js";

/**
 * The demo tenant's stand-in for Microsoft 365: the Graph simulator (/v1.0) and the sign-in service
 * (/{tenant}/oauth2/v2.0/token, discovery, keys) on one local HTTPS origin, so Orbit's real Graph client
 * and msal-node talk to it exactly as they talk to Microsoft. Orbit reaches it only over HTTPS.
 */

/** Orbit's app registration on the demo tenant (the equivalent of an Entra app). */
export const DEMO_CLIENT_ID = "0b17b175-0000-4000-8000-00000000d3e0";

/** Delegated Graph permissions Orbit asks for: metadata only (no Mail.Read, no bodies). */
export const ORBIT_DELEGATED_SCOPES = [
  "User.Read",
  "User.ReadBasic.All",
  "User.Read.All",
  "Mail.ReadBasic",
  "Calendars.ReadBasic",
  "MailboxSettings.Read",
];
/** Asked of each user only when first needed (incremental consent): feedback mail, To Do sync. */
export const ORBIT_USER_CONSENT_SCOPES = ["Mail.Send", "Tasks.ReadWrite"];
/** Application permissions for tenant-wide mode. */
export const ORBIT_APP_ROLES = [
  "User.Read.All",
  "Mail.ReadBasic.All",
  "Calendars.ReadBasic",
  "MailboxSettings.Read",
];

export interface DemoHostOptions {
  tenantDir: string;
  /** Keeps the TLS certificates, signing key and client secret across restarts. */
  stateDir: string;
  port?: number;
  faults?: FaultSpec | string;
  /** Audiences of Orbit's API besides the client id (e.g. api://localhost:3978/<client id>). */
  apiAudiences?: string[];
  /** App roles of Orbit's API per user id (e.g. the demo's Orbit.Admin), as `roles` in their tokens. */
  userRoles?: Record<string, string[]>;
}

export interface DemoHost {
  origin: string;
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caPem: string;
  caFile: string;
  simulator: GraphSimulator;
  signIn: DemoSignIn;
  close(): Promise<void>;
}

/** The host's own files (certificates, signing key, client secret) sit inside the tenant folder. */
export const demoStateDir = (tenantDir: string) => join(tenantDir, ".state");

async function demoClientSecret(stateDir: string): Promise<string> {
  const file = join(stateDir, "client-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const secret = randomBytes(24).toString("base64url");
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

export async function startDemoHost(options: DemoHostOptions): Promise<DemoHost> {
  await mkdir(options.stateDir, { recursive: true });
  const tls = await ensureLocalTls(join(options.stateDir, "tls"));
  const caFile = join(options.stateDir, "tls", "ca.pem");
  const clientSecret = await demoClientSecret(options.stateDir);

  // Listen first: the issuer and the Graph links need the real port.
  const app = express();
  app.disable("x-powered-by");
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, app);
  const sockets = new Set<Duplex>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    const signIn = await createDemoSignIn({
      tenantDir: options.tenantDir,
      issuerBaseUrl: origin,
      keysDir: join(options.stateDir, "keys"),
      clients: [
        {
          clientId: DEMO_CLIENT_ID,
          clientSecret,
          displayName: "Orbit (demo)",
          apiAudiences: options.apiAudiences ?? [],
          delegatedScopes: ORBIT_DELEGATED_SCOPES,
          userConsentScopes: ORBIT_USER_CONSENT_SCOPES,
          appRoles: ORBIT_APP_ROLES,
          userRoles: options.userRoles ?? {},
        },
      ],
    });
    const simulator = await createGraphSimulator({
      tenantDir: options.tenantDir,
      baseUrl: `${origin}/v1.0`,
      faults: options.faults,
      authenticate: (token) => signIn.verifyGraphToken(token),
    });
    app.use("/v1.0", simulator.router);
    app.use(signIn.router);
    return {
      origin,
      graphBaseUrl: `${origin}/v1.0`,
      tenantId: signIn.tenantId,
      clientId: DEMO_CLIENT_ID,
      clientSecret,
      caPem: tls.caPem,
      caFile,
      simulator,
      signIn,
      async close() {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // closeAllConnections misses sockets still in the TLS handshake.
        for (const socket of sockets) socket.destroy();
        await closed;
        await simulator.close();
      },
    };
  } catch (error) {
    server.close();
    for (const socket of sockets) socket.destroy();
    throw error;
  }
}
