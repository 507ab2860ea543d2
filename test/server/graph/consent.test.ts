import { InteractionRequiredAuthError } from "@azure/msal-node";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import { isConsentMissing } from "../../../server/graph/access.js";

describe("isConsentMissing", () => {
  const msal = new InteractionRequiredAuthError("consent_required", "AADSTS65001: consent needed");

  it("knows msal-node's consent error as thrown by a token call", () => {
    expect(isConsentMissing(msal)).toBe(true);
  });

  it("knows it when the Graph client's auth middleware wraps it in a GraphError", () => {
    // What the Graph client's GraphErrorHandler makes of an error thrown by the authentication provider.
    const wrapped = new GraphError(-1, msal.message);
    wrapped.code = msal.name;
    expect(isConsentMissing(wrapped)).toBe(true);
  });

  it("leaves other errors alone", () => {
    const throttled = new GraphError(429, "Too many requests");
    throttled.code = "TooManyRequests";
    expect(isConsentMissing(throttled)).toBe(false);
    expect(isConsentMissing(new Error("socket hang up"))).toBe(false);
    expect(isConsentMissing(null)).toBe(false);
  });
});
