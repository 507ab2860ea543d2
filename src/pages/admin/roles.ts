import { tokenClaims } from "../../app/claims";

/** The Entra app role of Orbit's admins (server/api/require-admin.ts). */
const ADMIN_ROLE = "Orbit.Admin";

/**
 * Whether the API token carries the admin role. Only to decide what the tab offers: the server checks
 * the role on every admin request itself.
 */
export const isAdmin = (token: string): boolean => tokenClaims(token).roles.includes(ADMIN_ROLE);
