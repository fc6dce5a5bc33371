import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_CHECKS, docsPath } from "../../../core/checks";
import { REPO_ROOT } from "../../support/corpus";
import { check, codes, fixture, RAISED_ELSEWHERE } from "./helpers";

/** Codes a bad fixture raises besides its own (a risky rule is often risky in two ways). */
const ALSO: Record<string, string[]> = {
  wildcard: ["workload-create"],
  "aggregated-risk": ["secrets-read"],
};

describe("core/checks fixtures", () => {
  for (const c of ALL_CHECKS.filter((x) => !RAISED_ELSEWHERE.has(x.code))) {
    it(`${c.code}: bad.yaml raises exactly its codes, good.yaml none of it`, () => {
      assert.deepEqual(codes(check(fixture(c.code, "bad"))), [c.code, ...(ALSO[c.code] ?? [])].sort());
      assert.deepEqual(
        codes(check(fixture(c.code, "good"))).filter((x) => x === c.code),
        [],
      );
    });
  }

  it("every check has a docs page", () => {
    for (const c of ALL_CHECKS) assert.ok(fs.existsSync(path.join(REPO_ROOT, docsPath(c.code))), docsPath(c.code));
  });

  it("codes are unique and kebab-case, and each check's file is named after its code", () => {
    const seen = new Set<string>();
    for (const c of ALL_CHECKS) {
      assert.match(c.code, /^[a-z]+(-[a-z0-9]+)*$/);
      assert.ok(!seen.has(c.code), c.code);
      seen.add(c.code);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, "core", "checks", `${c.code}.ts`)), c.code);
    }
  });
});
