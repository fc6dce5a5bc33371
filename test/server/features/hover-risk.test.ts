import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../../support/corpus";
import { prodCluster, TestClient, withServer } from "../lsp-client";
import { ROLE_WITHOUT_VERBS } from "./workspace";

const PARTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: part-a
  labels: {example.com/aggregate-to-agg: "true"}
rules:
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: agg-mid
  labels: {example.com/aggregate-to-agg: "true"}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {example.com/aggregate-to-mid: "true"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: part-b
  labels: {example.com/aggregate-to-mid: "true"}
rules:
- apiGroups: [""]
  resources: [pods/exec]
  verbs: [create]
`;

describe("server: risks in hovers, the aggregation fixpoint, docs links", () => {
  let client: TestClient;
  withServer({ files: { "parts.yaml": PARTS } }, (c) => (client = c));

  const value = async (h: Promise<unknown>) => ((await h) as { contents: { value: string } }).contents.value;

  it("shows a rule's risks as the risk diagnostics report them", async () => {
    const doc = await client.open(
      "r.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: dev}
rules:
- apiGroups: [""]
  resources: [secrets, pods/exec]
  ve|rbs: [get, create]
`,
    );
    const diags = (await doc.diagnostics()).filter((d) => d.code === "secrets-read" || d.code === "pod-exec");
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity]),
      [
        ["secrets-read", 2],
        ["pod-exec", 2],
      ],
    );
    assert.equal(
      await value(doc.hover(0)),
      [
        "Allows get and create on secrets and pods/exec in namespace dev.",
        "- ⚠️ `secrets-read` (warning): grants get /secrets: reading Secrets (get, and also list/watch, which return their contents) exposes credentials such as ServiceAccount tokens.\n" +
          "- ⚠️ `pod-exec` (warning): grants create /pods/exec, get /pods/exec: exec/attach/port-forward run commands in or reach into running containers, with their credentials and data.",
      ].join("\n\n"),
    );
  });

  it("hovers an aggregated ClusterRole with the controller's fixpoint over workspace and cluster roles, and its risks", async () => {
    await client.clusterState(
      prodCluster({
        clusterRoles: [
          {
            metadata: { name: "part-c", labels: { "example.com/aggregate-to-agg": "true" } },
            rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"] }],
          },
        ],
      }),
    );
    const doc = await client.open(
      "agg.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: a|gg
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {example.com/aggregate-to-agg: "true"}
`,
    );
    const text = await value(doc.hover(0));
    const parts = text.split("\n\n");
    assert.equal(parts[1], "Pulls in: agg-mid (1 rule), part-a (1 rule), part-c (1 rule). After aggregation it grants 3 rules.");
    assert.deepEqual(
      parts[2].split("\n").map((l) => /`([a-z-]+)`/.exec(l)![1]),
      ["pod-exec", "secrets-read", "bind-permission"],
    );
    assert.match(parts[2], /^- ⚠️ `pod-exec` \(warning\): rules\[0\] grants create \/pods\/exec/);
    await client.clusterState(null);
  });

  it("links each diagnostic to its docs page", async () => {
    const doc = await client.open("d.yaml", ROLE_WITHOUT_VERBS);
    const [d] = await doc.diagnostics();
    const page = path.join(REPO_ROOT, "docs", "checks", "missing-verbs.md");
    assert.equal(d.code, "missing-verbs");
    assert.deepEqual(d.codeDescription, { href: pathToFileURL(page).toString() });
    assert.match(fs.readFileSync(page, "utf8"), /missing-verbs/);
  });
});
