// kubeRbac/clusterChanges on the real server: a whole state, then changes applied to it (added, changed
// and removed objects), a change that does not follow the state held (ignored), malformed objects
// (skipped), and read-only documents rendered from the model's objects.
import { strict as assert } from "node:assert";
import type { RbacObject, RoleObject } from "../../core/model";
import { TestClient, withServer } from "./lsp-client";

const LABEL = "example.com/aggregate-to-agg";

function part(name: string, resource: string): RoleObject & { rules: RoleObject["rules"][number][] } {
  return {
    kind: "ClusterRole",
    apiVersion: "rbac.authorization.k8s.io/v1",
    metadata: { name, namespace: "", labels: { [LABEL]: "true" }, annotations: {} },
    rules: [{ apiGroups: [""], resources: [resource], verbs: ["get"], resourceNames: [], nonResourceURLs: [] }],
  };
}

const AGG = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: a|gg}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {${LABEL}: "true"}}]}
`;

describe("server: cluster state as changes", () => {
  let client: TestClient;
  withServer({}, (c) => (client = c));

  let opened = 0;
  /** What the aggregated ClusterRole of a newly opened file pulls in, per its hover. */
  const pulled = async () => {
    const doc = await client.open(`agg-${++opened}.yaml`, AGG);
    const h = (await doc.hover(0)) as { contents: { value: string } };
    return h.contents.value.split("\n\n")[1];
  };
  const base = { context: "prod", upserts: [], deletes: [] };

  it("applies changes to the whole state it holds, and ignores one that does not follow it", async () => {
    await client.clusterChanges({
      ...base,
      seq: 1,
      full: true,
      upserts: [part("part-a", "pods"), part("part-b", "secrets")],
      serviceAccounts: [],
      namespaces: ["dev"],
      discovery: null,
    });
    assert.equal(await pulled(), "Pulls in: part-a (1 rule), part-b (1 rule). After aggregation it grants 2 rules.");

    const changedB = part("part-b", "configmaps");
    changedB.rules.push({ apiGroups: [""], resources: ["services"], verbs: ["list"], resourceNames: [], nonResourceURLs: [] });
    await client.clusterChanges({ ...base, seq: 2, full: false, upserts: [changedB, part("part-c", "nodes")] });
    assert.equal(await pulled(), "Pulls in: part-a (1 rule), part-b (2 rules), part-c (1 rule). After aggregation it grants 4 rules.");

    await client.clusterChanges({ ...base, seq: 3, full: false, deletes: [{ kind: "ClusterRole", namespace: "", name: "part-a" }] });
    assert.equal(await pulled(), "Pulls in: part-b (2 rules), part-c (1 rule). After aggregation it grants 3 rules.");

    // seq 5 after 3: a message was lost; the state stays as it was.
    await client.clusterChanges({ ...base, seq: 5, full: false, deletes: [{ kind: "ClusterRole", namespace: "", name: "part-b" }] });
    assert.equal(await pulled(), "Pulls in: part-b (2 rules), part-c (1 rule). After aggregation it grants 3 rules.");
  });

  it("takes a state sent in pages, and re-checks with the last page", async () => {
    const before = await pulled();
    await client.clusterChanges({ ...base, seq: 1, full: true, upserts: [part("part-a", "pods")], more: true });
    // Until the last page, the checks keep the state held before.
    assert.equal(await pulled(), before);
    await client.clusterChanges({ ...base, seq: 2, full: false, upserts: [part("part-b", "secrets")], more: true });
    await client.clusterChanges({
      ...base,
      seq: 3,
      full: false,
      upserts: [part("part-c", "nodes")],
      serviceAccounts: [],
      namespaces: ["dev"],
    });
    assert.equal(await pulled(), "Pulls in: part-a (1 rule), part-b (1 rule), part-c (1 rule). After aggregation it grants 3 rules.");
    // A page that does not follow (seq 5 after 3) is ignored, and so is the rest of its change.
    await client.clusterChanges({
      ...base,
      seq: 5,
      full: false,
      deletes: [{ kind: "ClusterRole", namespace: "", name: "part-a" }],
      more: true,
    });
    await client.clusterChanges({ ...base, seq: 6, full: false, deletes: [{ kind: "ClusterRole", namespace: "", name: "part-b" }] });
    assert.equal(await pulled(), "Pulls in: part-a (1 rule), part-b (1 rule), part-c (1 rule). After aggregation it grants 3 rules.");
  });

  it("skips malformed objects and renders read-only documents from the model", async () => {
    await client.clusterChanges({
      ...base,
      seq: 1,
      full: true,
      upserts: [
        part("part-a", "pods"),
        { kind: "ClusterRole", metadata: { name: "broken" } } as unknown as RbacObject,
        { ...part("part-x", "pods"), rules: [{ verbs: "get" }] } as unknown as RbacObject,
        null as unknown as RbacObject,
      ],
    });
    assert.equal(await pulled(), "Pulls in: part-a (1 rule). After aggregation it grants 1 rule.");
    const content = await client.readClusterObject("kube-rbac-cluster:/ClusterRole/part-a.yaml");
    assert.equal(
      content.text,
      '# Read-only: ClusterRole part-a from the cluster\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: part-a\n  labels:\n    example.com/aggregate-to-agg: "true"\nrules:\n  - apiGroups:\n      - ""\n    resources:\n      - pods\n    verbs:\n      - get\n',
    );
    assert.deepEqual(await client.readClusterObject("kube-rbac-cluster:/ClusterRole/broken.yaml"), { text: null });
  });

  it("forgets the cluster on a null state, and takes no change before a whole state", async () => {
    await client.clusterState(null);
    await client.clusterChanges({ ...base, seq: 2, full: false, upserts: [part("part-z", "pods")] });
    assert.equal(await pulled(), "No known ClusterRole matches its selectors: the aggregation controller leaves it without rules.");
    assert.deepEqual(await client.readClusterObject("kube-rbac-cluster:/ClusterRole/part-a.yaml"), { text: null });
  });
});
