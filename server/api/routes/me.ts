import { Router } from "express";
import { type GraphAccess, isConsentMissing } from "../../graph/access.js";
import { callerToken, principalOf } from "../authenticate.js";
import { HttpError } from "../errors.js";

/** Who is signed in: the validated token's identity plus their directory profile from Graph. */
export function meRoutes(graph: GraphAccess): Router {
  const router = Router();
  router.get("/", async (req, res) => {
    const principal = principalOf(res);
    let profile: Record<string, unknown>;
    try {
      profile = await graph
        .forUser(principal, callerToken(req))
        .api("/me")
        .select("id,displayName,mail,userPrincipalName,jobTitle,department")
        .get();
    } catch (error) {
      if (isConsentMissing(error)) {
        throw new HttpError(
          403,
          "consentRequired",
          "Orbit needs your consent to read your mail and calendar metadata.",
        );
      }
      throw error;
    }
    res.json({
      tenantId: principal.tenantId,
      userId: principal.userId,
      displayName: profile.displayName,
      mail: profile.mail,
      userPrincipalName: profile.userPrincipalName,
      jobTitle: profile.jobTitle ?? null,
      department: profile.department ?? null,
    });
  });
  return router;
}
