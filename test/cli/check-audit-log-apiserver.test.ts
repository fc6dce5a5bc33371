// `kube-rbac check --audit-log` on the audit log of a real kube-apiserver: the requests a user really made
// through a RoleBinding are what keeps the matching entries of its Role from being reported unused.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { JsonDiagnostic } from "../../cli/commands/check";
import { AdminClient, useApiServer } from "../support/apiserver";
import { cli } from "../support/cli";

const NS = "unused-grants";
const ROLE = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name: "pod-user", namespace: NS },
  rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "delete"] }],
};
const BINDING = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: "pod-user", namespace: NS },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-user" },
  subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "nobody" }],
};

/** Resolves once the file holds `needle` (the log backend writes as requests complete). */
function fileHolds(file: string, needle: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (fs.existsSync(file) && fs.readFileSync(file, "utf8").includes(needle)) {
        watcher.close();
        resolve();
      }
    };
    const watcher = fs.watch(path.dirname(file), check);
    check();
  });
}

describe("cli check --audit-log on a real API server's audit log", function () {
  this.timeout(120_000);
  const server = useApiServer();
  let dir: string;
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps what the user's logged requests used, and hints on the rest", async () => {
    const admin = new AdminClient(server().kubeconfig("admin"));
    const nobody = new AdminClient(server().kubeconfig("nobody"));
    try {
      await admin.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
      await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, ROLE);
      await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, BINDING);
      const listed = await nobody.request("GET", `/api/v1/namespaces/${NS}/pods?limit=7`);
      assert.equal(listed.status, 200);
    } finally {
      admin.dispose();
      nobody.dispose();
    }
    const log = server().ready.auditLog;
    await fileHolds(log, `/api/v1/namespaces/${NS}/pods?limit=7`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-audit-live-"));
    const manifests = path.join(dir, "rbac.yaml");
    fs.writeFileSync(manifests, [ROLE, BINDING].map((o) => JSON.stringify(o)).join("\n---\n"));
    const r = await cli("check", manifests, "--audit-log", log, "-o", "json");
    assert.equal(r.code, 0, r.err);
    const unused = (JSON.parse(r.out) as JsonDiagnostic[]).filter((d) => d.code === "unused-grant");
    const text = fs.readFileSync(manifests, "utf8");
    const lines = text.split("\n");
    assert.deepEqual(
      unused.map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)),
      ['"pods/log"', '"get"', '"delete"'],
    );
    assert.match(unused[0].message, /logged request(s)? of User nobody between /);
  });
});
