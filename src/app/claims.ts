/**
 * What the tab reads from its own API token to decide what to offer: the user's id (`oid`) and app
 * roles. Never trusted for anything else: the server validates the token and checks both itself.
 */
export function tokenClaims(token: string | null | undefined): { oid?: string; roles: string[] } {
  try {
    const payload = (token ?? "").split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as {
      oid?: unknown;
      roles?: unknown;
    };
    return {
      ...(typeof claims.oid === "string" ? { oid: claims.oid } : {}),
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    };
  } catch {
    return { roles: [] };
  }
}
