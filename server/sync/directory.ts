import { z } from "zod";
import { batchGet } from "../graph/batch.js";
import { collectPages, MalformedPageError } from "../graph/pages.js";
import { ensureOk, type GraphFetcher, type GraphResponse } from "../graph/resilience.js";
import { type GraphUser, USER_SELECT, userSchema } from "../graph/schemas.js";
import type { Person } from "../store/repositories/people.js";

/**
 * The directory around a user, as Graph answers it: what to ask and how to read the answers, with no
 * store in sight. The sync engine stores the result; the benchmark's fetch-only floor asks the same
 * questions and keeps nothing, so both make exactly the same requests.
 */

/** An answer that could not be used, recorded with the sync's next commit. */
export interface DirectoryProblem {
  requestId: string | null;
  url: string;
  problem: string;
}

export interface DirectoryAnswer {
  people: Person[];
  problems: DirectoryProblem[];
}

/** The tenant's name and verified domains (`/organization`). */
export const organizationSchema = z.object({
  value: z
    .array(
      z.object({
        id: z.string(),
        displayName: z.string().nullish(),
        verifiedDomains: z.array(z.object({ name: z.string() })).nullish(),
      }),
    )
    .min(1),
});

export const toPerson = (u: GraphUser, managerId: string | null): Person => ({
  id: u.id,
  displayName: u.displayName ?? u.userPrincipalName ?? u.mail ?? u.id,
  mail: u.mail ?? null,
  userPrincipalName: u.userPrincipalName ?? null,
  jobTitle: u.jobTitle ?? null,
  department: u.department ?? null,
  officeLocation: u.officeLocation ?? null,
  managerId,
});

/** JSON, or undefined for text that is not (the caller then reports the shape as unexpected). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A single-object answer as JSON; one that is not JSON is a MalformedPageError with its request id. */
export function jsonOf(response: GraphResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch (error) {
    throw new MalformedPageError(response.url, response.requestId, `not JSON (${(error as Error).message})`);
  }
}

/** One user (or a user's manager); undefined for 404, a problem for an answer of the wrong shape. */
export async function readUser(
  directory: GraphFetcher,
  url: string,
): Promise<{ user?: GraphUser; problem?: DirectoryProblem }> {
  const response = await directory.send({ method: "GET", url });
  if (response.status === 404) return {};
  ensureOk(response);
  const parsed = userSchema.safeParse(jsonOf(response));
  if (parsed.success) return { user: parsed.data };
  return {
    problem: {
      requestId: response.requestId ?? null,
      url,
      problem: `user: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    },
  };
}

/** The user, the manager chain up to the top, and everyone below the user. */
export async function walkDirectory(
  directory: GraphFetcher,
  me: GraphUser,
  onMalformed: (error: MalformedPageError) => void,
): Promise<DirectoryAnswer> {
  const people: Person[] = [];
  const problems: DirectoryProblem[] = [];
  const seen = new Set<string>([me.id]);
  let current = me;
  for (;;) {
    const { user: manager, problem } = await readUser(
      directory,
      `/users/${encodeURIComponent(current.id)}/manager?$select=${USER_SELECT}`,
    );
    if (problem) problems.push(problem);
    people.push(toPerson(current, manager?.id ?? null));
    if (!manager || seen.has(manager.id)) break;
    seen.add(manager.id);
    current = manager;
  }
  // Breadth first, a level at a time: a level's look-ups go out together (the limiter lets four run at
  // once) and are taken in the level's order, so the result is the same as one at a time.
  let level = [me.id];
  while (level.length > 0) {
    const answers = await Promise.all(
      level.map(async (managerId) => {
        const url = `/users/${encodeURIComponent(managerId)}/directReports?$select=${USER_SELECT}`;
        return {
          managerId,
          url,
          reports: await collectPages(directory, url, { schema: userSchema, onMalformed }),
        };
      }),
    );
    const next: string[] = [];
    for (const { managerId, url, reports } of answers) {
      for (const bad of reports.invalid)
        problems.push({ requestId: bad.requestId ?? null, url, problem: bad.problem });
      for (const r of reports.items) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        people.push(toPerson(r, managerId));
        next.push(r.id);
      }
    }
    level = next;
  }
  return { people, problems };
}

/** The addresses (lower-cased) in the tenant's verified domains that no known person has. */
export function unknownInternal(
  addresses: Iterable<string>,
  known: readonly Pick<Person, "mail" | "userPrincipalName">[],
  verifiedDomains: readonly string[],
): string[] {
  const knownAddresses = new Set(
    known
      .flatMap((p) => [p.mail, p.userPrincipalName])
      .filter(Boolean)
      .map((a) => a!.toLowerCase()),
  );
  return [...addresses].filter(
    (a) => !knownAddresses.has(a) && verifiedDomains.includes(a.split("@")[1] ?? ""),
  );
}

/**
 * Department and manager of each address, by $batch (20 look-ups a round trip). A look-up Graph gave
 * up on (throttled, unavailable) is thrown, as any other give-up stops the sync.
 */
export async function lookUpContacts(
  directory: GraphFetcher,
  addresses: readonly string[],
): Promise<DirectoryAnswer> {
  const people: Person[] = [];
  const problems: DirectoryProblem[] = [];
  if (addresses.length === 0) return { people, problems };
  const requests = addresses.flatMap((a, i) => [
    { id: `u${i}`, url: `/users/${encodeURIComponent(a)}?$select=${USER_SELECT}` },
    { id: `m${i}`, url: `/users/${encodeURIComponent(a)}/manager?$select=id` },
  ]);
  const results = new Map((await batchGet(directory, requests)).map((r) => [r.id, r]));
  for (let i = 0; i < addresses.length; i++) {
    const user = results.get(`u${i}`)!;
    if (user.status === 404) continue;
    if (user.error?.giveUp) throw user.error.giveUp;
    const parsed = userSchema.safeParse(user.body);
    if (user.status !== 200 || !parsed.success) {
      problems.push({
        requestId: user.requestId ?? null,
        url: requests[2 * i]!.url,
        problem: `contact look-up: status ${user.status}`,
      });
      continue;
    }
    const manager = results.get(`m${i}`)!;
    const managerId = manager.status === 200 ? ((manager.body as { id?: string })?.id ?? null) : null;
    people.push(toPerson(parsed.data, managerId));
  }
  return { people, problems };
}
