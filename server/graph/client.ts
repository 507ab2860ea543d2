import {
  AuthenticationHandler,
  Client,
  type Context,
  type Middleware,
} from "@microsoft/microsoft-graph-client";

export interface GraphClientOptions {
  /** Graph's versioned endpoint: https://graph.microsoft.com/v1.0, or the demo simulator's. */
  baseUrl: string;
  /** A Graph access token for the caller (msal-node: on-behalf-of or client credentials). */
  getAccessToken: () => Promise<string>;
  /** The outbound fetch (server/http/outbound.ts), which trusts configured extra CAs. */
  fetch: typeof fetch;
}

/** The last link of the middleware chain: sends the request with Orbit's outbound fetch. */
class OutboundFetchHandler implements Middleware {
  constructor(private readonly send: typeof fetch) {}
  async execute(context: Context): Promise<void> {
    context.response = await this.send(context.request as Parameters<typeof fetch>[0], context.options);
  }
}

/**
 * A `@microsoft/microsoft-graph-client` Client for one base URL. The token is attached only to that
 * host (the library's rule), which is Graph itself or, on the demo tenant, the local simulator.
 */
export function createGraphClient(options: GraphClientOptions): Client {
  const url = new URL(options.baseUrl);
  const version = url.pathname.replace(/^\/+|\/+$/g, "") || "v1.0";
  const auth = new AuthenticationHandler({ getAccessToken: options.getAccessToken });
  auth.setNext(new OutboundFetchHandler(options.fetch));
  return Client.initWithMiddleware({
    baseUrl: url.origin,
    defaultVersion: version,
    middleware: auth,
    // The library compares host names without the port.
    customHosts: new Set([url.hostname]),
  });
}
