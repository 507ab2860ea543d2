/** The Entra app role of Orbit's admins (server/api/require-admin.ts). */
const ADMIN_ROLE = "Orbit.Admin";

/**
 * Whether the API token carries the admin role, read from its `roles` claim. Only to decide what the
 * tab offers: the server checks the role on every admin request itself.
 */
export function isAdmin(token: string): boolean {
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { roles?: unknown };
    return Array.isArray(claims.roles) && claims.roles.includes(ADMIN_ROLE);
  } catch {
    return false;
  }
}
