import { strict as assert } from "node:assert";
import { builtInCatalog } from "../../../core/catalog";
import { checkFile } from "../../../core/checks";
import { parseManifests } from "../../../core/parse";
import { WorkspaceModel } from "../../../core/service/workspace";

const role = (name: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${name}, namespace: dev}\nrules: []\n`;
const binding = (roleName: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: dev}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${roleName}}\nsubjects: [{kind: User, name: alice}]\n`;

/** The "did you mean" of the binding's role-not-found finding, in a workspace that the caller changes between calls. */
function meant(workspace: WorkspaceModel, roleName: string): unknown {
  const parsed = parseManifests(binding(roleName), "binding.yaml");
  const finding = checkFile(parsed, { catalog: builtInCatalog(), workspace }).find((f) => f.code === "role-not-found");
  assert.ok(finding, `no role-not-found for ${roleName}`);
  return (finding.data as { suggestion?: unknown } | undefined)?.suggestion;
}

describe("core/checks/role-not-found", () => {
  it("suggests the roles the workspace holds now, as files come and go", () => {
    const workspace = new WorkspaceModel();
    const file = (name: string, text: string) => {
      const parsed = parseManifests(text, name);
      workspace.setFile(name, parsed.objects, parsed.others);
    };
    file("a.yaml", role("reader"));
    assert.deepEqual(meant(workspace, "readr"), { kind: "Role", name: "reader" });
    assert.equal(meant(workspace, "writr"), undefined);
    file("b.yaml", role("writer"));
    assert.deepEqual(meant(workspace, "writr"), { kind: "Role", name: "writer" });
    // Two roles equally close: no likely intent.
    file("c.yaml", role("readers"));
    assert.equal(meant(workspace, "readerz"), undefined);
    workspace.removeFile("a.yaml");
    assert.deepEqual(meant(workspace, "readerz"), { kind: "Role", name: "readers" });
    assert.equal(meant(workspace, "rader"), undefined);
  });
});
