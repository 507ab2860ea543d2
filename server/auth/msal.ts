import {
  ConfidentialClientApplication,
  type Configuration,
  type ICachePlugin,
  LogLevel,
} from "@azure/msal-node";
import { createMsalNetworkClient } from "../http/outbound.js";

export interface MsalAppOptions {
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com/<tenant>, or the demo sign-in's authority. */
  authority: string;
  /** For a local authority: set so msal-node does no network discovery (see platform-facts). */
  knownAuthorities?: string[];
  authorityMetadata?: string;
  cloudDiscoveryMetadata?: string;
  fetch: typeof fetch;
  /** Where the client's token cache lives beyond memory (server/auth/token-cache.ts); absent: memory only. */
  cachePlugin?: ICachePlugin;
}

/** msal-node's confidential client, talking over Orbit's outbound fetch (extra CAs trusted). */
export function createMsalApp(options: MsalAppOptions): ConfidentialClientApplication {
  const auth: Configuration["auth"] = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    authority: options.authority,
  };
  if (options.knownAuthorities) auth.knownAuthorities = options.knownAuthorities;
  if (options.authorityMetadata) auth.authorityMetadata = options.authorityMetadata;
  if (options.cloudDiscoveryMetadata) auth.cloudDiscoveryMetadata = options.cloudDiscoveryMetadata;
  return new ConfidentialClientApplication({
    auth,
    ...(options.cachePlugin ? { cache: { cachePlugin: options.cachePlugin } } : {}),
    system: {
      networkClient: createMsalNetworkClient(options.fetch),
      loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback: () => {} },
    },
  });
}

export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
