// Kustomizations: patch files checked as patches, the overlay built with the real kustomize, findings put
// back on the source lines, and queries answered for what would be applied.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CORPUS_DIR, REPO_ROOT } from "../support/corpus";
import { assertChecksClean, cliWith, copyTree, Diagnostic, located, NO_TOOL, tools } from "../support/tools";

const DEMO = path.join(REPO_ROOT, "test", "fixtures", "kustomize", "demo");

describe("cli: kustomize overlays", function () {
  this.timeout(120000);
  const both = () => tools();
  const none = { helm: NO_TOOL, kustomize: NO_TOOL };

  it("an overlay with namespace, namePrefix and strategic-merge patches of a Role and a RoleBinding: no false finding", async () => {
    for (const bins of [both(), none]) {
      const r = await cliWith(bins, "check", DEMO, "-o", "json");
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), []);
    }
  });

  it("a typo in a patch is found at its line, built or file by file", async () => {
    const { dir, root } = copyTree(DEMO);
    try {
      const patch = path.join(dir, "overlays", "prod", "role-patch.yaml");
      fs.writeFileSync(patch, fs.readFileSync(patch, "utf8").replace('resources: ["deployments"]', 'resources: ["deployment"]'));
      for (const bins of [both(), none]) {
        const r = await cliWith(bins, "check", dir, "-o", "json");
        const diags = JSON.parse(r.out) as Diagnostic[];
        assert.deepEqual(located(diags, dir), ["overlays/prod/role-patch.yaml:10:17 unknown-resource"]);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("can-i and who-can answer for the built overlay (names prefixed, namespace set)", async () => {
    const overlay = path.join(DEMO, "overlays", "prod");
    const ask = (...files: string[]) =>
      cliWith(
        both(),
        "can-i",
        "list",
        "deployments.apps",
        "-n",
        "prod",
        "--as",
        "system:serviceaccount:prod:prod-app",
        ...files.flatMap((f) => ["-f", f]),
      );
    const yes = await ask(overlay);
    assert.deepEqual([yes.code, yes.out], [0, "yes\n"]);
    const unbuilt = await ask(path.join(overlay, "role-patch.yaml"), path.join(overlay, "binding-patch.yaml"));
    assert.deepEqual([unbuilt.code, unbuilt.out], [1, "no\n"]);
    const who = await cliWith(both(), "who-can", "list", "deployments.apps", "-n", "prod", "-f", overlay, "-o", "json");
    assert.equal(who.code, 0, who.err);
    const subjects = (JSON.parse(who.out) as { subjects: { kind: string; name: string; namespace?: string }[] }).subjects;
    assert.deepEqual(subjects.map((s) => `${s.kind} ${s.namespace ? s.namespace + "/" : ""}${s.name}`).sort(), [
      "Group prod-readers",
      "ServiceAccount prod/prod-app",
    ]);
  });

  it("without kustomize, -f overlay/ says what is missing (exit 2)", async () => {
    const r = await cliWith(none, "can-i", "list", "pods", "-f", path.join(DEMO, "overlays", "prod"));
    assert.equal(r.code, 2);
    assert.match(r.err, /is a kustomization: building it needs kustomize or kubectl on PATH \(or KUBE_RBAC_KUSTOMIZE=/);
  });

  it("a missing base or a cycle: one warning on the kustomization file with kustomize's message", async () => {
    const { dir, root } = copyTree(DEMO);
    try {
      fs.rmSync(path.join(dir, "base"), { recursive: true });
      const missing = JSON.parse((await cliWith(both(), "check", dir, "-o", "json")).out) as Diagnostic[];
      assert.deepEqual(located(missing, dir), ["overlays/prod/kustomization.yaml:1:1 render-failed"]);
      assert.match(missing[0].message, /^kustomize could not build .*overlays\/prod: .*base/s);
      fs.mkdirSync(path.join(dir, "base"));
      fs.writeFileSync(path.join(dir, "base", "kustomization.yaml"), "resources:\n  - ../overlays/prod\n");
      const cycle = JSON.parse((await cliWith(both(), "check", dir, "-o", "json")).out) as Diagnostic[];
      assert.deepEqual(located(cycle, dir), [
        "base/kustomization.yaml:1:1 render-failed",
        "overlays/prod/kustomization.yaml:1:1 render-failed",
      ]);
      assert.match(cycle[1].message, /cycle/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("argo-cd's kustomize tree: no error, built or file by file", async () => {
    const tree = path.join(CORPUS_DIR, "kustomize", "argo-cd");
    for (const bins of [both(), none]) {
      await assertChecksClean(bins, tree);
    }
  });
});
