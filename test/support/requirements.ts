/**
 * Suites that need an outside service (PostgreSQL, a browser) run when it is there and are skipped
 * on a developer machine without it. In CI (CI=true) a missing service is an error, never a skip,
 * so a green CI always means those suites ran.
 */
export const inCi = process.env.CI === "true" || process.env.CI === "1";

export function missingInCi(what: string, how: string): Error {
  return new Error(`${what} is required in CI but is not available: ${how}`);
}
