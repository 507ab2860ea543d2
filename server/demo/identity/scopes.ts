import { aad } from "./errors.js";
import { GRAPH_APP_ID, GRAPH_RESOURCE } from "./tokens.js";

/**
 * Reading a v2.0 `scope` parameter for Microsoft Graph the way Entra does: `https://graph.microsoft.com/X`,
 * `00000003-…/X` and a bare `X` all name Graph's permission X; `/.default` asks for everything consented;
 * OpenID scopes (openid, profile, email, offline_access — msal adds them) ask for no Graph permission.
 */

const openIdScopes = new Set(["openid", "profile", "email", "offline_access"]);

export type GraphScopeRequest = { kind: "default" } | { kind: "named"; scopes: string[] };

export function parseGraphScopes(scopeParam: string, tenant: string): GraphScopeRequest {
  const named: string[] = [];
  let wantsDefault = false;
  for (const item of scopeParam.split(/\s+/).filter(Boolean)) {
    if (openIdScopes.has(item.toLowerCase())) continue;
    const { resource, permission } = splitScope(item);
    if (!isGraph(resource)) throw aad.unknownResource(resource, tenant);
    if (permission.toLowerCase() === ".default") wantsDefault = true;
    else named.push(permission);
  }
  if (wantsDefault && named.length > 0) {
    throw aad.invalidScope("The '.default' scope can't be combined with resource-specific scopes.");
  }
  if (wantsDefault) return { kind: "default" };
  if (named.length === 0) throw aad.invalidScope("No Microsoft Graph permission was requested.");
  return { kind: "named", scopes: named };
}

/** For client credentials: exactly `{resource}/.default`, and the resource must be Graph. */
export function parseClientCredentialScope(scopeParam: string, tenant: string): void {
  const items = scopeParam.split(/\s+/).filter(Boolean);
  const item = items.length === 1 ? items[0]! : "";
  if (!item.includes("/")) throw aad.clientCredentialScope(scopeParam);
  const { resource, permission } = splitScope(item);
  if (permission.toLowerCase() !== ".default") throw aad.clientCredentialScope(scopeParam);
  if (!isGraph(resource)) throw aad.unknownResource(resource, tenant);
}

function splitScope(item: string): { resource: string; permission: string } {
  const slash = item.lastIndexOf("/");
  // A bare permission name means Graph, as it does for Entra.
  if (slash < 0) return { resource: GRAPH_RESOURCE, permission: item };
  return { resource: item.slice(0, slash), permission: item.slice(slash + 1) };
}

function isGraph(resource: string): boolean {
  const r = resource.toLowerCase().replace(/\/+$/, "");
  return r === GRAPH_RESOURCE || r === GRAPH_APP_ID;
}

/**
 * The scopes granted for a request: each must be among the client's consented delegated scopes
 * (case-insensitive, answered in the configured spelling); otherwise the consent error Entra sends.
 */
export function grantDelegated(
  request: GraphScopeRequest,
  consented: string[],
  client: { clientId: string; displayName: string },
): string[] {
  if (request.kind === "default") {
    if (consented.length === 0) throw aad.consentRequired(client.clientId, client.displayName);
    return [...consented];
  }
  const byLower = new Map(consented.map((s) => [s.toLowerCase(), s]));
  const granted: string[] = [];
  for (const scope of request.scopes) {
    const match = byLower.get(scope.toLowerCase());
    if (!match) throw aad.consentRequired(client.clientId, client.displayName);
    if (!granted.includes(match)) granted.push(match);
  }
  return granted;
}
