import { Router } from "express";
import { z } from "zod";
import { HttpError } from "../errors.js";

export interface DemoSignInPort {
  /** The demo tenant's people to sign in as. */
  people(): Promise<
    { id: string; displayName: string; mail: string; jobTitle: string | null; department: string | null }[]
  >;
  /** An Orbit API token for that person, from the demo issuer. */
  issueToken(userId: string): Promise<string>;
  /** That person consents to Graph permissions asked on first use (Mail.Send); throws if one is not. */
  consent(userId: string, scopes: string[]): string[];
}

const tokenRequest = z.object({ userId: z.string().min(1).max(100) });
const consentRequest = tokenRequest.extend({ scopes: z.array(z.string().min(1).max(100)).min(1).max(10) });

/**
 * The standalone page's "sign in as a demo person". Mounted only when Orbit runs on the demo tenant;
 * with Entra configured these routes do not exist.
 */
export function demoRoutes(demo: DemoSignInPort): Router {
  const router = Router();
  router.get("/people", async (_req, res) => {
    res.json({ value: await demo.people() });
  });
  router.post("/token", async (req, res) => {
    const parsed = tokenRequest.safeParse(req.body);
    if (!parsed.success)
      throw new HttpError(400, "badRequest", 'Send { "userId": "<a demo person\'s id>" }.');
    const known = (await demo.people()).some((p) => p.id === parsed.data.userId);
    if (!known) throw new HttpError(404, "notFound", "No demo person has that id.");
    res.json({ accessToken: await demo.issueToken(parsed.data.userId), tokenType: "Bearer" });
  });
  // The demo's consent prompt, where Entra would show its own (the tab gets `consentRequired` first).
  // Like the token above it needs no password: the demo tenant's people are fictional.
  router.post("/consent", (req, res) => {
    const parsed = consentRequest.safeParse(req.body);
    if (!parsed.success)
      throw new HttpError(
        400,
        "badRequest",
        'Send { "userId": "<a demo person id>", "scopes": ["Mail.Send"] }.',
      );
    try {
      res.json({ consented: demo.consent(parsed.data.userId, parsed.data.scopes) });
    } catch (error) {
      throw new HttpError(400, "consentRefused", (error as Error).message);
    }
  });
  return router;
}
