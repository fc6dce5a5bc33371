// A template's per-document findings kept from one check to the next (core/template/memo.ts): a second
// check with one changed document checks only that document again, and finds what a fresh check finds.
import { strict as assert } from "node:assert";
import { builtInCatalog } from "../../../core/catalog";
import { checkFileLevel, CheckContext } from "../../../core/checks";
import { Finding } from "../../../core/model";
import { TemplateReader } from "../../../core/service/template-reader";
import { WorkspaceModel } from "../../../core/service/workspace";
import { DocumentMemo } from "../../../core/template/memo";
import { bindingToDup, templatedRole as role } from "../../support/manifests";

const FILE = "file:///chart/templates/rbac.yaml";

const BINDING = bindingToDup(`  - kind: ServiceAccount
    name: sa
`);

/** Three documents: the first and the last define the same Role (a duplicate object across them). */
const template = (firstVerb: string) => [role("dup", firstVerb), BINDING, role("dup", "list")].join("---\n");

function check(text: string, ctx: CheckContext, memo?: DocumentMemo): Finding[] {
  const reader = new TemplateReader();
  const steps = reader.parseSteps(text, FILE);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return checkFileLevel(r.value.wholeFile(), ctx, memo);
}

/** Code, span, message, severity and fixes (the fixes' edits are offsets in the text). */
const plain = (fs: readonly Finding[]) =>
  fs.map((f) => ({ code: f.code, severity: f.severity, message: f.message, span: f.span, fixes: JSON.stringify(f.data?.fixes ?? []) }));

describe("core/template/memo: per-document findings kept between checks", () => {
  const ctx: CheckContext = { catalog: builtInCatalog(), workspace: new WorkspaceModel() };

  it("a second check with one changed document checks only it, and finds what a fresh check finds", () => {
    const memo = new DocumentMemo();
    const before = check(template("get"), ctx, memo);
    assert.equal(memo.checked, 3);
    assert.equal(memo.reused, 0);
    assert.ok(before.some((f) => f.code === "duplicate-object"));
    // Same length: the other documents keep their offsets. "gxt" is no verb the API server knows.
    assert.equal(template("gxt").length, template("get").length);
    const after = check(template("gxt"), ctx, memo);
    assert.equal(memo.checked, 4, "only the changed document is checked again");
    assert.equal(memo.reused, 2);
    const fresh = check(template("gxt"), ctx);
    assert.deepEqual(plain(after), plain(fresh));
    assert.ok(
      after.some((f) => f.code === "unknown-verb"),
      "the changed document's own finding",
    );
    const dup = after.filter((f) => f.code === "duplicate-object");
    assert.equal(dup.length, 1, "the duplicate across the changed and the kept document");
    assert.deepEqual(plain(dup), plain(fresh.filter((f) => f.code === "duplicate-object")));
  });

  it("a longer first document moves the others: they are checked again, and the findings are a fresh check's", () => {
    const memo = new DocumentMemo();
    check(template("get"), ctx, memo);
    const after = check(template("getx"), ctx, memo);
    assert.equal(memo.checked, 6);
    assert.equal(memo.reused, 0);
    assert.deepEqual(plain(after), plain(check(template("getx"), ctx)));
  });

  it("another workspace checks every document again", () => {
    const memo = new DocumentMemo();
    check(template("get"), ctx, memo);
    const other: CheckContext = { ...ctx, workspace: new WorkspaceModel() };
    const again = check(template("get"), other, memo);
    assert.equal(memo.checked, 6);
    assert.deepEqual(plain(again), plain(check(template("get"), other)));
  });
});
