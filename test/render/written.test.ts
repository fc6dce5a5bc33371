// Whether a text is written, as it is, in a project's files: what a rendered finding's quick fix may put
// in a template (core/render/fixes.ts).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writtenIn } from "../../render/written";

describe("render: texts written in a project's files", () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-written-"));
    fs.mkdirSync(path.join(root, "chart", "templates"), { recursive: true });
    fs.writeFileSync(path.join(root, "chart", "values.yaml"), "rbac:\n  roleName: app-reader\n");
    fs.writeFileSync(path.join(root, "chart", "templates", "_helpers.tpl"), '{{- define "x" -}}\n"system:metrics"\n{{- end }}\n');
    fs.writeFileSync(path.join(root, "chart", "templates", "notes.md"), "prod-app-reader\n");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("finds whole names in the YAML, template and JSON files under the folders", () => {
    const written = writtenIn([path.join(root, "chart")]);
    assert.equal(written("app-reader"), true);
    assert.equal(written("system:metrics"), true);
    // Part of a longer name, in a file of another kind, or nothing at all: not written.
    assert.equal(written("app-read"), false);
    assert.equal(written("reader"), false);
    assert.equal(written("prod-app-reader"), false);
    assert.equal(written(""), false);
  });

  it("finds nothing in a folder that is not there", () => {
    assert.equal(writtenIn([path.join(root, "gone")])("app-reader"), false);
  });
});
