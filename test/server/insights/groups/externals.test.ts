import { describe, expect, it } from "vitest";
import {
  groupExternals,
  OTHER_EXTERNAL,
  splitStakeholders,
} from "../../../../server/insights/groups/externals.js";
import { contactsOf, person } from "../support/group-fixtures.js";

describe("groupExternals", () => {
  it("makes a group per domain with two or more people and pools the rest as Other external", () => {
    const groups = groupExternals([
      { id: "zoe@fabrikam.com", domain: "fabrikam.com" },
      { id: "ann@fabrikam.com", domain: "fabrikam.com" },
      { id: "bo@tailspin.com", domain: "tailspin.com" },
      { id: "cy@adatum.com", domain: "adatum.com" },
      { id: "dee@adatum.com", domain: "adatum.com" },
      { id: "eve@adatum.com", domain: "adatum.com" },
      { id: "nodomain", domain: "" },
    ]);
    expect(groups).toEqual([
      { domain: "adatum.com", memberIds: ["cy@adatum.com", "dee@adatum.com", "eve@adatum.com"] },
      { domain: "fabrikam.com", memberIds: ["ann@fabrikam.com", "zoe@fabrikam.com"] },
      { domain: null, memberIds: ["bo@tailspin.com", "nodomain"] },
    ]);
    expect(OTHER_EXTERNAL).toBe("Other external");
  });

  it("makes no Other external group when nobody is left over", () => {
    expect(groupExternals([])).toEqual([]);
  });
});

describe("splitStakeholders", () => {
  it("sorts stakeholders into internal (any tenant audience) and external (with their domain)", () => {
    const contacts = contactsOf([person("r1", { managerId: "u" }), person("i1")]);
    expect(splitStakeholders(["i1", "ann@Fabrikam.com", "r1", "mystery"], contacts)).toEqual({
      internal: ["i1", "r1"],
      external: [
        { id: "ann@Fabrikam.com", domain: "fabrikam.com" },
        { id: "mystery", domain: "" },
      ],
    });
  });
});
