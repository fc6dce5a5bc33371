import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { isBinding, isRole, RoleObject, BindingObject } from "../../core/model";
import { parseManifests, positionAt } from "../../core/parse";
import { corpusFiles } from "../support/corpus";

const text = (s: string) => s;

describe("core/parse", () => {
  it("reads a Role with exact spans for fields and list entries", () => {
    const src = text(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: [get, list, watch]
`);
    const parsed = parseManifests(src, "a.yaml");
    assert.equal(parsed.findings.length, 0);
    assert.equal(parsed.objects.length, 1);
    const role = parsed.objects[0] as RoleObject;
    assert.deepEqual(role.rules, [
      { verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "pods/log"], resourceNames: [], nonResourceURLs: [] },
    ]);
    assert.deepEqual(role.metadata, { name: "reader", namespace: "team-a", labels: {}, annotations: {} });
    const s = role.source!;
    const slice = (p: (string | number)[]) => {
      const sp = s.valueSpan(p)!;
      return src.slice(sp.start, sp.end);
    };
    assert.equal(slice(["rules", 0, "verbs", 1]), "list");
    assert.equal(slice(["rules", 0, "resources", 1]), '"pods/log"');
    assert.equal(slice(["rules", 0, "apiGroups", 0]), '""');
    assert.equal(slice(["metadata", "namespace"]), "team-a");
    const key = s.keySpan(["rules", 0, "verbs"])!;
    assert.equal(src.slice(key.start, key.end), "verbs");
    assert.equal(s.valueSpan(["rules", 0, "resourceNames"]), undefined);
  });

  it("applies the API server's defaulting", () => {
    const parsed = parseManifests(
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: dev}
roleRef: {kind: ClusterRole, name: view}
subjects:
- {kind: ServiceAccount, name: app}
- {kind: User, name: alice}
- {kind: Group, name: devs, apiGroup: ""}
- {kind: Robot, name: r2}
`,
      "b.yaml",
    );
    const b = parsed.objects[0] as BindingObject;
    assert.deepEqual(b.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" });
    assert.deepEqual(b.subjects, [
      { kind: "ServiceAccount", apiGroup: "", name: "app", namespace: "" },
      { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "alice", namespace: "" },
      { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "devs", namespace: "" },
      { kind: "Robot", apiGroup: "", name: "r2", namespace: "" },
    ]);
  });

  it("unpacks kind: List and *List items, and clears the namespace of cluster-scoped objects", () => {
    const src = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: a, namespace: ignored}
  rules: []
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: c}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleList
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: r, namespace: dev}
  rules:
  - {apiGroups: [""], resources: [pods], verbs: [get]}
`;
    const parsed = parseManifests(src, "l.yaml");
    assert.deepEqual(
      parsed.objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
      ["ClusterRole//a", "Role/dev/r"],
    );
    const r = parsed.objects[1];
    assert.equal(r.source!.itemIndex, 0);
    assert.equal(r.source!.docIndex, 1);
    const sp = r.source!.valueSpan(["rules", 0, "verbs", 0])!;
    assert.equal(src.slice(sp.start, sp.end), "get");
  });

  it("ignores documents that are not RBAC, keeps ServiceAccounts and Namespaces aside", () => {
    const parsed = parseManifests(
      `apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: dev}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
---
# only a comment
---
just a string
`,
      "o.yaml",
    );
    assert.equal(parsed.objects.length, 0);
    assert.deepEqual(
      parsed.others.map((o) => `${o.kind}:${o.metadata.namespace}/${o.metadata.name}`),
      ["ServiceAccount:dev/app"],
    );
    assert.equal(parsed.findings.length, 0);
  });

  it("turns broken YAML into findings, never exceptions, and still reads the valid documents", () => {
    const src = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ok}
rules: []
---
kind: Role
metadata:
  name: x
  name: y
rules: [
---
: : :
\t- bad
`;
    const parsed = parseManifests(src, "x.yaml");
    assert.ok(parsed.findings.length >= 2, JSON.stringify(parsed.findings));
    assert.ok(parsed.findings.some((f) => f.code === "duplicate-key"));
    assert.ok(parsed.findings.every((f) => f.span.end > f.span.start && f.span.end <= src.length + 1));
    assert.deepEqual(
      parsed.objects.map((o) => o.metadata.name),
      ["ok"],
    );
  });

  it("survives an alias bomb", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const parsed = parseManifests(lines.join("\n") + "\n", "bomb.yaml");
    assert.ok(parsed.findings.some((f) => f.code === "yaml-syntax"));
  });

  it("refuses documents nested deeper than 400 levels, however the levels are written, and reads long shallow ones", () => {
    const TOO_DEEP = "This document nests more than 400 levels deep and was not read.";
    const head = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\n";
    const messages = (text: string) => parseManifests(text, "d.yaml").findings.map((f) => f.message);
    // Flow levels spread over short lines (no line is long; the brackets make it deep).
    const flowLines = head + "rules:\n" + Array.from({ length: 450 }, () => "[").join("\n") + "\n" + "]".repeat(450) + "\n";
    assert.deepEqual(messages(flowLines), [TOO_DEEP]);
    // Block levels: indentation and `- ` indicators on one long line.
    const blockLine = head + "rules:\n" + "- ".repeat(250) + "x\n";
    assert.deepEqual(messages(blockLine), [TOO_DEEP]);
    // Long lines, many brackets, little depth: read as usual.
    const wide =
      head +
      `rules:\n- apiGroups: [""]\n  resources: [${Array.from({ length: 300 }, (_, i) => `r${i}`).join(", ")}]\n  verbs: [get]\n` +
      Array.from({ length: 300 }, (_, i) => `# [${i}]`).join("\n") +
      "\n";
    const parsed = parseManifests(wide, "w.yaml");
    assert.deepEqual(parsed.findings, []);
    assert.equal(parsed.objects.length, 1);
  });

  it("flags templated files and maps offsets to LSP positions", () => {
    const parsed = parseManifests("a: {{ .Values.x }}\nb: 1\n", "t.yaml");
    assert.equal(parsed.templated, true);
    assert.deepEqual(positionAt(parsed.lineStarts, 0), { line: 0, character: 0 });
    assert.deepEqual(positionAt(parsed.lineStarts, 21), { line: 1, character: 2 });
    assert.equal(parseManifests("", "e.yaml").objects.length, 0);
  });

  it("loads every top-level corpus file without a YAML error and finds RBAC objects in them", () => {
    const files = corpusFiles();
    assert.ok(files.length >= 80, `corpus has ${files.length} files`);
    let total = 0;
    for (const f of files) {
      const parsed = parseManifests(fs.readFileSync(f, "utf8"), path.basename(f));
      assert.deepEqual(parsed.findings, [], path.basename(f));
      total += parsed.objects.length;
      for (const o of parsed.objects) {
        assert.ok(isRole(o) || isBinding(o));
        assert.ok(o.metadata.name !== "", `${path.basename(f)}: unnamed ${o.kind}`);
      }
    }
    assert.ok(total > 400, `only ${total} objects`);
  });
});

describe("core/parse: the fast path reads exactly what the yaml package reads", () => {
  // Every document, object, finding and span of the fast path (js-yaml values, lazy yaml AST) must be
  // the same as reading everything with the `yaml` package.
  const files = [...corpusFiles(), ...corpusFiles("bad"), ...corpusFiles("templated"), ...corpusFiles("large")];
  const strip = (o: object): unknown => JSON.parse(JSON.stringify(o, (k, v: unknown) => (k === "source" ? undefined : v)));

  it(`agrees on ${files.length} real files`, function () {
    this.timeout(120000);
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      const fast = parseManifests(text, "f.yaml");
      const slow = parseManifests(text, "f.yaml", { engine: "yaml" });
      const name = path.basename(f);
      assert.deepEqual(fast.findings, slow.findings, name);
      assert.equal(fast.documents.length, slow.documents.length, name);
      assert.deepEqual(strip(fast.objects), strip(slow.objects), name);
      assert.deepEqual(fast.others.map(strip), slow.others.map(strip), name);
      fast.objects.forEach((o, i) => {
        const s = slow.objects[i];
        for (const p of [
          ["metadata", "name"],
          ["rules", 0, "verbs", 0],
          ["rules", 0],
          ["subjects", 0, "name"],
          ["roleRef", "name"],
        ] as (string | number)[][]) {
          assert.deepEqual(o.source!.valueSpan(p), s.source!.valueSpan(p), `${name} ${o.metadata.name} ${p.join(".")}`);
          assert.deepEqual(o.source!.keySpan(p), s.source!.keySpan(p), `${name} ${o.metadata.name} key ${p.join(".")}`);
        }
        assert.deepEqual(o.source!.span, s.source!.span, `${name} ${o.metadata.name} span`);
      });
    }
  });
});
