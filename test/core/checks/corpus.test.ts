import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { corpusFiles } from "../../support/corpus";
import { check, codes } from "./helpers";

const run = (file: string) => check(fs.readFileSync(file, "utf8"), path.basename(file));

/** What each file of corpus/bad must raise (bad/NOTES.md), as the set of codes reported. */
const BAD: Record<string, string[]> = {
  "FairwindsOps__polaris__test_checks_clusterrolePodExecAttach_failure.create_exec_using_apigroup_wildcard.yaml": ["pod-exec", "wildcard"],
  "FairwindsOps__polaris__test_checks_clusterrolePodExecAttach_failure.get_attach_and_exec_using_resource_wildcard.yaml": [
    "nodes-proxy",
    "pod-exec",
    "secrets-read",
    "wildcard",
  ],
  "FairwindsOps__polaris__test_checks_clusterrolebindingClusterAdmin_failure.binding_to_system_prefix.yaml": ["cluster-admin-equivalent"],
  "FairwindsOps__polaris__test_checks_clusterrolebindingClusterAdmin_failure.wildcards.yaml": ["cluster-admin-equivalent"],
  "FairwindsOps__polaris__test_checks_clusterrolebindingPodExecAttach_failure.binding_points_to_missing_ref.yaml": [],
  "alcideio__rbac-tool__testdata_viz_multiple-rolebindings-in-ns-missing-service-account.yaml": [],
  "alcideio__rbac-tool__testdata_whocan_impersonator.yaml": ["impersonate-permission"],
  "cyberark__KubiScan__risky_roles.yaml": ["duplicate-key", "unsupported-api-version"],
  "datreeio__datree__pkg_policy_tests_101_fail_101-fail.yaml": ["workload-create"],
  "datreeio__datree__pkg_policy_tests_104_fail_104-fail.yaml": ["missing-role-ref", "system-name-typo"],
  "datreeio__datree__pkg_policy_tests_105_fail_105-fail.yaml": ["unsupported-api-version", "unsupported-verb"],
  "datreeio__datree__pkg_policy_tests_48_fail_48-fail.yaml": ["unknown-verb"],
  "datreeio__datree__pkg_policy_tests_95_fail_95-fail.yaml": ["role-in-other-namespace"],
  "datreeio__datree__pkg_policy_tests_96_fail_96-fail.yaml": ["secrets-read"],
  "datreeio__datree__pkg_policy_tests_97_fail_97-fail.yaml": ["nodes-proxy", "pod-exec", "secrets-read", "wildcard"],
  "kubernetes-sigs__kubespray__roles_kubernetes-apps_external_cloud_controller_openstack_templates_external-openstack-cloud-controller-manager-roles.yml.j2.yaml":
    ["missing-resources", "missing-verbs", "wildcard"],
  "kubernetes__kubernetes__plugin_pkg_auth_authorizer_rbac_bootstrappolicy_testdata_cluster-role-bindings.v1beta1-historic.yaml": [
    "broad-subject",
    "unsupported-api-version",
  ],
  "kubescape__regolibrary__rules_rule-can-bind-escalate_test_clusterrole-clusterrolebinding_input_clusterrole.yaml": [
    "bind-permission",
    "cluster-scoped-namespace",
    "wrong-api-group",
  ],
  "kubescape__regolibrary__rules_rule-can-impersonate-users-groups-v1_test_role-rolebinding_input_role.yaml": ["cluster-admin-equivalent"],
  // NOTES.md reads `nodes/*` as covering nodes/proxy; the authorizer matches "nodes/*" literally (a
  // subresource named "*"), so the rule grants nothing and that is what is reported.
  "kubescape__regolibrary__rules_system-authenticated-allowed-to-take-over-cluster_test_fail_input_clusterrole.yaml": [
    "subresource-wildcard",
  ],
  "kubescape__regolibrary__rules_system-authenticated-allowed-to-take-over-cluster_test_fail_input_clusterrolebinding.yaml": [
    "broad-subject",
  ],
  "kubevirt__hyperconverged-cluster-operator__deploy_converged_cluster_role.yaml": [
    "cluster-admin-equivalent",
    "deprecated-api-group",
    "duplicate-entry",
    "impersonate-permission",
    "ineffective-resource-names",
    "pod-exec",
    "rbac-write",
    "secrets-read",
    "unknown-field",
    "webhook-write",
    "wildcard",
    "workload-create",
  ],
  "mongodb__mongodb-kubernetes-operator__deploy_clusterwide_role_binding.yaml": ["missing-subject-namespace"],
  "openshift__openshift-apiserver__test_testdata_bootstrappolicy_alternate_cluster_admin.yaml": ["unsupported-api-version"],
  "stackrox__kube-linter__tests_checks_access-to-create-pods.yaml": ["workload-create"],
  "stackrox__kube-linter__tests_checks_access-to-secrets.yaml": ["secrets-read"],
  "stackrox__kube-linter__tests_checks_cluster-admin-role-binding.yaml": ["cluster-admin-binding", "cluster-scoped-namespace"],
  "stackrox__kube-linter__tests_checks_wildcard-in-rules.yaml": ["duplicate-object", "secrets-read", "wildcard"],
  "weaveworks__scope__examples_k8s_cluster-role.yaml": ["cluster-scoped-namespace", "deprecated-api-group", "unknown-field"],
};

describe("core/checks over the corpus", () => {
  it("reports no error on any valid manifest", () => {
    const errors = corpusFiles().flatMap((f) =>
      run(f)
        .filter((x) => x.severity === "error")
        .map((x) => `${path.basename(f)}: ${x.code} ${x.message}`),
    );
    assert.deepEqual(errors, []);
  });

  it("flags every file of bad/ as NOTES.md describes", () => {
    const files = corpusFiles("bad").map((f) => path.basename(f));
    assert.deepEqual(files, Object.keys(BAD).sort());
    const got: Record<string, string[]> = {};
    for (const f of corpusFiles("bad")) got[path.basename(f)] = codes(run(f));
    assert.deepEqual(got, Object.fromEntries(Object.entries(BAD).map(([k, v]) => [k, [...v].sort()])));
  });

  it("templated files: read in place with no error; what is not checked is noted once per document", () => {
    const notes: Record<string, number> = {};
    for (const f of corpusFiles("templated")) {
      const found = run(f);
      assert.equal(found.filter((x) => x.severity === "error").length, 0, f);
      notes[path.basename(f)] = found.filter((x) => x.code === "templated-file").length;
    }
    assert.deepEqual(notes, {
      "cert-manager__cert-manager__deploy_charts_cert-manager_templates_rbac.yaml": 0,
      "istio__istio__manifests_charts_istio-control_istio-discovery_templates_clusterrole.yaml": 0,
      "kubernetes__ingress-nginx__charts_ingress-nginx_templates_clusterrole.yaml": 0,
      "kyverno__kyverno__charts_kyverno_templates_admission-controller_clusterrole.yaml": 3,
    });
  });
});
