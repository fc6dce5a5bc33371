// Read-only against the cluster, proven by the API server's own audit log: every cluster-facing flow
// (live snapshot with its watches, discovery, who-am-I, access and rules reviews, and the command line's
// can-i, who-can, permissions and snapshot with --kubeconfig) runs as a user whose RBAC allows only
// get/list/watch (plus the self reviews every authenticated user has); afterwards every audited request
// of that user is a get, list or watch, or the create of a *review (a question; nothing is stored).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { discover, LiveRbacSnapshot, selfAccessReview, selfRulesReview, whoAmI } from "../../cluster";
import { run } from "../../cli/run";
import { figure, connectAs, names, RBAC, role, waitForSnapshot } from "../cluster/live-support";
import { AdminClient, useApiServer } from "../support/apiserver";

interface AuditEvent {
  readonly verb: string;
  readonly requestURI: string;
  readonly user: { readonly username: string };
  readonly objectRef?: { readonly resource?: string };
}

describe("reliability: read-only against the cluster (audit log)", function () {
  this.timeout(120_000);
  const server = useApiServer();
  let admin: AdminClient;
  let tmp: string;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-audit-"));
    admin = new AdminClient(server().kubeconfig("admin"));
    // `nobody` (a client certificate user) gets read-only access to everything, nothing else.
    await admin.create(`${RBAC}/clusterroles`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "read-only-everything" },
      rules: [
        { apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] },
        { nonResourceURLs: ["*"], verbs: ["get"] },
      ],
    });
    await admin.create(`${RBAC}/clusterrolebindings`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "read-only-everything" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "read-only-everything" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "nobody" }],
    });
  });
  after(() => {
    admin?.dispose();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("runs every cluster-facing flow as a get/list/watch-only user, and the audit log shows no write", async () => {
    const conn = connectAs(server(), "nobody");
    try {
      assert.equal((await whoAmI(conn)).username, "nobody");
      const live = await LiveRbacSnapshot.start(conn, { debounceMs: 20, pageSize: 20 });
      try {
        assert.deepEqual({ complete: live.current().complete, gaps: live.current().gaps }, { complete: true, gaps: [] });
        await admin.create(`${RBAC}/namespaces/default/roles`, role("seen-through-a-watch"));
        await waitForSnapshot(live, (s) => names(s, "Role", "default").includes("seen-through-a-watch"));
      } finally {
        live.dispose();
      }
      assert.ok((await discover(conn)).groups.length > 0);
      assert.equal(
        (
          await selfAccessReview(conn, {
            kind: "resource",
            verb: "delete",
            apiGroup: "",
            resource: "pods",
            namespace: "default",
            subresource: "",
            name: "",
          })
        ).allowed,
        false,
      );
      assert.ok((await selfRulesReview(conn, "default")).rules.length > 0);
    } finally {
      conn.dispose();
    }
    const kc = server().kubeconfig("nobody");
    const io = { out: () => undefined, err: () => undefined };
    const codes = [
      await run(["can-i", "get", "pods", "-n", "team-a", "--as", "lister", "--kubeconfig", kc], io),
      await run(["who-can", "list", "roles", "-n", "team-a", "--kubeconfig", kc], io),
      await run(["permissions", "--as", "lister", "-n", "team-a", "--kubeconfig", kc], io),
      await run(["snapshot", "-o", path.join(tmp, "snap.yaml"), "--kubeconfig", kc], io),
    ];
    assert.deepEqual(codes, [1, 0, 0, 0]);

    const events = fs
      .readFileSync(server().ready.auditLog, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as AuditEvent);
    const ours = events.filter((e) => e.user.username === "nobody");
    const writes = ours.filter(
      (e) => !["get", "list", "watch"].includes(e.verb) && !(e.verb === "create" && /reviews$/.test(e.objectRef?.resource ?? "")),
    );
    assert.deepEqual(
      writes.map((e) => `${e.verb} ${e.requestURI}`),
      [],
    );
    const verbs = new Map<string, number>();
    for (const e of ours) {
      const k = e.verb === "create" ? `create ${e.objectRef?.resource}` : e.verb;
      verbs.set(k, (verbs.get(k) ?? 0) + 1);
    }
    assert.ok((verbs.get("list") ?? 0) > 6 && (verbs.get("watch") ?? 0) > 0 && (verbs.get("get") ?? 0) > 0, JSON.stringify([...verbs]));
    figure(
      "audit log, read-only user",
      `${ours.length} requests: ${[...verbs]
        .sort()
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}; writes: 0`,
    );
  });
});
