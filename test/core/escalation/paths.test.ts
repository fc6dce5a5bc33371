import { strict as assert } from "node:assert";
import { EscalationAnalyzer, subjectIdentity } from "../../../core/escalation/paths";
import { describeSubject, stepJson } from "../../../core/escalation/describe";
import { RbacIndex } from "../../../core/rbac-index";
import { U } from "../builders";
import { escalationWorld, REACHING_CLUSTER_ADMIN } from "./world";

describe("core/escalation/paths", () => {
  const index = new RbacIndex(escalationWorld());
  const analyzer = new EscalationAnalyzer(index);

  it("lists exactly the subjects that reach cluster-admin, each with the number of steps (p = potential)", () => {
    const got = analyzer.all().map((p) => `${describeSubject(p.subject)}: ${p.steps.length}${p.potential ? "p" : ""}`);
    assert.deepEqual(got, REACHING_CLUSTER_ADMIN);
  });

  it("finds the same paths for one identity (forward search) as for all subjects (solved graph)", () => {
    const fresh = new EscalationAnalyzer(index);
    for (const p of analyzer.all()) {
      const one = fresh.pathFor(subjectIdentity(p.subject)!)!;
      assert.deepEqual(
        one.steps.map((s) => stepJson(s, one.steps)),
        p.steps.map((s) => stepJson(s, p.steps)),
        describeSubject(p.subject),
      );
    }
  });

  it("gives each step its action, permissions, provenance and the identity gained", () => {
    const path = analyzer.pathFor(U("chain"))!;
    assert.deepEqual(
      path.steps.map((s) => stepJson(s, path.steps)),
      [
        {
          action: "create a deployment in namespace web with serviceAccountName builder",
          permission: "create deployments.apps in namespace web",
          grantedBy: "RoleBinding web/chain → ClusterRole deployer → rules[0]",
          becomes: "ServiceAccount web/builder",
        },
        {
          action: "impersonate user nobody with group system:masters",
          permission: 'impersonate users "nobody" at cluster scope + impersonate groups "system:masters" at cluster scope',
          grantedBy:
            "ClusterRoleBinding impersonator → ClusterRole impersonator → rules[0] + ClusterRoleBinding impersonator → ClusterRole impersonator → rules[1]",
          becomes: "User nobody in group system:masters",
        },
      ],
    );
  });

  it("describes bind, binding update, escalate, token, CSR and potential exec steps", () => {
    const one = (user: string) => {
      const p = analyzer.pathFor(U(user))!;
      return p.steps.map((s) => stepJson(s, p.steps));
    };
    assert.deepEqual(one("binder"), [
      {
        action: "create a ClusterRoleBinding of ClusterRole cluster-admin to itself",
        permission:
          'create clusterrolebindings.rbac.authorization.k8s.io at cluster scope + bind clusterroles.rbac.authorization.k8s.io "cluster-admin" at cluster scope',
        grantedBy: "ClusterRoleBinding binder → ClusterRole binder → rules[1] + ClusterRoleBinding binder → ClusterRole binder → rules[0]",
        becomes: "ClusterRole cluster-admin cluster-wide",
      },
    ]);
    assert.deepEqual(one("updater")[0].action, "add itself to the subjects of ClusterRoleBinding admins");
    assert.deepEqual(one("escalator"), [
      {
        action: "add any rule to ClusterRole self-editor, bound to it by ClusterRoleBinding self-editor",
        permission:
          'update clusterroles.rbac.authorization.k8s.io "self-editor" at cluster scope + escalate clusterroles.rbac.authorization.k8s.io "self-editor" at cluster scope',
        grantedBy:
          "ClusterRoleBinding self-editor → ClusterRole self-editor → rules[0] + ClusterRoleBinding self-editor → ClusterRole self-editor → rules[0]",
        becomes: "every rule cluster-wide (ClusterRole self-editor rewritten)",
      },
    ]);
    assert.deepEqual(one("minter"), [
      {
        action: "mint a token for ServiceAccount ci/deployer",
        permission: 'create serviceaccounts/token "deployer" in namespace ci',
        grantedBy: "RoleBinding ci/minter → Role ci/minter → rules[0]",
        becomes: "ServiceAccount ci/deployer",
      },
    ]);
    assert.equal(one("csr")[0].permission.split(" + ").length, 4);
    assert.equal(one("csr")[0].becomes, "User root");
    assert.equal(one("csr")[0].action, "have a client certificate for CN=root issued by kubernetes.io/kube-apiserver-client");
    assert.deepEqual(one("execer"), [
      {
        action: "exec into a running pod of ServiceAccount ci/deployer",
        permission: 'create pods/exec "kube-rbac-escalation" in namespace ci',
        grantedBy: "RoleBinding ci/execer → Role ci/execer → rules[0]",
        becomes: "ServiceAccount ci/deployer",
        potential: true,
      },
    ]);
  });

  it("reaches any request, and a RoleBinding's grant stays in its namespace", () => {
    const target = {
      kind: "resource" as const,
      verb: "delete",
      apiGroup: "",
      resource: "secrets",
      subresource: "",
      name: "",
      namespace: "team",
    };
    const a = new EscalationAnalyzer(index, { target });
    assert.equal(a.pathFor(U("ns-admin"))!.steps.length, 0);
    assert.equal(a.pathFor(U("escalator-ns"))!.steps.length, 1);
    assert.equal(a.pathFor(U("dev2")), undefined);
    const elsewhere = new EscalationAnalyzer(index, { target: { ...target, namespace: "web" } });
    assert.equal(elsewhere.pathFor(U("escalator-ns")), undefined);
    assert.equal(elsewhere.pathFor(U("ns-admin")), undefined);
  });
});
