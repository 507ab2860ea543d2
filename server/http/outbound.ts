import { rootCertificates } from "node:tls";
import {
  ClientAuthError,
  ClientAuthErrorCodes,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from "@azure/msal-node";
import { Agent } from "undici";

/**
 * Orbit's outbound HTTPS (Microsoft Graph, the sign-in service, its key sets) trusts Node's public roots
 * plus, optionally, extra CA certificates from configuration: what a corporate TLS-inspecting proxy
 * needs, and what lets the real msal-node and jose code talk to a locally served authority. Trust is
 * only ever widened by adding a CA, never switched off.
 */

export interface OutboundOptions {
  /** One or more PEM certificates (concatenated) to trust on top of the public roots. */
  extraCaPem?: string;
}

export function createOutboundFetch(options: OutboundOptions = {}): typeof fetch {
  const extra = options.extraCaPem?.trim();
  // Without extra CAs Node's own trust applies unchanged (its bundled public roots and NODE_EXTRA_CA_CERTS).
  if (!extra) return (input, init) => fetch(input, init);
  if (!extra.includes("-----BEGIN CERTIFICATE-----")) {
    throw new Error("extraCaPem: expected one or more PEM certificates (-----BEGIN CERTIFICATE-----)");
  }
  // Node's `ca` replaces the default store, so the public roots are listed again alongside the extras.
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, extra] } });
  // Node 20's fetch is undici 6 inside; a dispatcher from the same major plugs straight in. The
  // RequestInit type from @types/node does not know the undici package's Agent class, hence the cast.
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

/**
 * An msal-node network module on a given fetch, mirroring msal-node's own HttpClient (JSON bodies,
 * lowercase header names, a timeout on GET), so the library's real token code runs over Orbit's trust.
 */
export function createMsalNetworkClient(fetchFn: typeof fetch): INetworkModule {
  async function send<T>(
    url: string,
    method: "GET" | "POST",
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(options?.headers ?? {})) headers.append(name, value);
    const controller = new AbortController();
    const timer = timeout ? setTimeout(() => controller.abort(), timeout) : undefined;
    let response: Response;
    try {
      response = await fetchFn(url, {
        method,
        headers,
        body: method === "POST" ? (options?.body ?? "") : undefined,
        signal: controller.signal,
      });
    } catch (error) {
      const reason = controller.signal.aborted
        ? "Request timeout"
        : `Network request failed: ${describeFetchError(error)}`;
      throw new ClientAuthError(ClientAuthErrorCodes.networkError, "", reason);
    } finally {
      if (timer) clearTimeout(timer);
    }
    const headerDict: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headerDict[name] = value;
    });
    try {
      return { headers: headerDict, body: (await response.json()) as T, status: response.status };
    } catch (error) {
      throw new ClientAuthError(
        ClientAuthErrorCodes.tokenParsingError,
        "",
        `Failed to parse response from ${url} (HTTP ${response.status}): ${(error as Error).message}`,
      );
    }
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>(url, "GET", options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(url, "POST", options),
  };
}

/** fetch hides the TLS reason in `cause` ("fetch failed"); surface it so a trust problem is obvious. */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  if (cause?.code || cause?.message) {
    return `${error.message} (${[cause.code, cause.message].filter(Boolean).join(": ")})`;
  }
  return error.message;
}
