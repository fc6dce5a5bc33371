import { strict as assert } from "node:assert";
import { ChunkedParser } from "../../../core/service/chunked-parse";
import { WorkspaceModel } from "../../../core/service/workspace";

const role = (name: string, ns = "a") =>
  `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${name}, namespace: ${ns}}\nrules: []\n`;
const binding = (name: string, ns: string, sa: string) =>
  `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${ns}}\nsubjects: [{kind: ServiceAccount, name: ${sa}, namespace: ${ns}}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r1}\n`;
const sa = (name: string, ns: string) => `---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}\n`;

/** Everything the model answers, in plain data (spans read through the objects' sources). */
function answers(m: WorkspaceModel) {
  const names = (l: readonly { object: { kind: string; metadata: { namespace: string; name: string }; source?: { span: unknown } } }[]) =>
    l.map((x) => [x.object.kind, x.object.metadata.namespace, x.object.metadata.name, x.object.source?.span] as const);
  return {
    roles: names(m.roles()),
    bindings: names(m.bindings()),
    objects: m.allObjects().map((o) => [o.kind, o.metadata.name, o.source?.span]),
    namespaces: m.namespaces(),
    serviceAccounts: m.serviceAccounts(),
    r1: names(m.locateRole("Role", "a", "r1")),
    named: m.rolesNamed("r1").map((r) => r.metadata.namespace),
    knowsRoles: m.knowsRoles,
    sa: [m.hasServiceAccount("b", "s1"), m.hasServiceAccount("c", "s9")],
  };
}

describe("core/service/workspace", () => {
  it("kept chunk by chunk, answers as a model rebuilt from the whole file after every edit", () => {
    const parser = new ChunkedParser();
    const incremental = new WorkspaceModel();
    const texts = [
      role("r1") + role("r2") + binding("b1", "b", "s1") + sa("s1", "b") + role("r1", "z"),
      role("r1") + role("r2") + binding("b1", "b", "s1") + sa("s1", "b") + role("r1", "z") + role("r1"), // the same role twice
      role("r1", "q") + role("r2") + binding("b1", "b", "s1") + sa("s1", "b") + role("r1", "z") + role("r1"), // the first one renamed
      role("r1") + role("r2") + binding("b1", "b", "s2") + role("r1", "z") + role("r1"), // a service account gone
      role("r3") + binding("b1", "c", "s2") + role("r1"),
      "",
    ];
    let lastShape = incremental.shape;
    let lastKeys = "";
    for (const text of texts) {
      const file = parser.parse(text, "f");
      incremental.setFilePieces("f", file.pieces());
      const fresh = new WorkspaceModel();
      fresh.setFile("f", file.objects, file.others);
      assert.deepEqual(answers(incremental), answers(fresh), text);
      // The shape moves exactly when the set of role and service-account keys changes.
      const keys = JSON.stringify([
        [...new Set(answers(fresh).roles.map((r) => `${r[0]}/${r[1]}/${r[2]}`))].sort(),
        answers(fresh).serviceAccounts,
      ]);
      assert.equal(incremental.shape !== lastShape, keys !== lastKeys, text);
      lastShape = incremental.shape;
      lastKeys = keys;
    }
  });

  it("keeps files before the cluster, and the cluster's service accounts and namespaces", () => {
    const m = new WorkspaceModel();
    m.setCluster({ context: "kind", objects: [], serviceAccounts: [{ namespace: "c", name: "s9" }], namespaces: ["n1"] });
    m.setFile("f", new ChunkedParser().parse(role("r1"), "f").objects, []);
    assert.deepEqual(m.fileNames(), ["f"]);
    assert.deepEqual(m.namespaces(), ["a", "n1"]);
    assert.equal(m.hasServiceAccount("c", "s9"), true);
    assert.equal(m.hasServiceAccount("c", "s8"), false);
    const before = m.shape;
    m.setCluster({ context: "kind", objects: [], serviceAccounts: [{ namespace: "c", name: "s9" }], namespaces: [] });
    assert.equal(m.shape, before);
    assert.deepEqual(m.namespaces(), ["a"]);
    m.setCluster(undefined);
    assert.equal(m.hasServiceAccount("c", "s9"), undefined);
    assert.notEqual(m.shape, before);
  });

  it("changes its shape exactly when a role or service account appears in the whole workspace or leaves it", () => {
    const parser = new ChunkedParser();
    const m = new WorkspaceModel();
    const contents = [role("r1"), role("r1") + role("r2"), role("r2", "z"), sa("s1", "b"), binding("b1", "b", "s1") + role("r1"), ""];
    const files = new Map<string, string>();
    let seed = 5;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const keySet = () => {
      const fresh = new WorkspaceModel();
      for (const [f, text] of files) fresh.setFile(f, parser.parse(text, `fresh-${f}`).objects, parser.parse(text, `fresh-${f}`).others);
      return JSON.stringify([
        [...new Set(fresh.roles().map((r) => `${r.object.kind}/${r.object.metadata.namespace}/${r.object.metadata.name}`))].sort(),
        fresh.serviceAccounts(),
      ]);
    };
    let lastShape = m.shape;
    let lastKeys = keySet();
    let opened = 0;
    for (let step = 0; step < 300; step++) {
      const f = `f${random(3)}`;
      if (random(4) === 0) {
        files.delete(f);
        m.removeFile(f);
      } else {
        const text = contents[random(contents.length)];
        files.set(f, text);
        m.setFilePieces(f, parser.parse(text, f).pieces());
      }
      const keys = keySet();
      if (keys === lastKeys && m.shape === lastShape) opened++;
      assert.equal(m.shape !== lastShape, keys !== lastKeys, `step ${step}`);
      lastShape = m.shape;
      lastKeys = keys;
    }
    // Files defining what other files define already were set many times without a change of shape.
    assert.ok(opened > 50, String(opened));
  });
});
