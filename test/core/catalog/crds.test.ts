import { strict as assert } from "node:assert";
import { builtInCatalog } from "../../../core/catalog";
import { customResourcesOf, withCustomResources } from "../../../core/catalog/crds";
import { checkTexts } from "../../../core/service/check-service";
import { CRONTAB_CRD } from "../../support/manifests";

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: crontab-editor}
rules:
- apiGroups: [stable.example.com]
  resources: [crontab, crontabs, crontabs/status, schedules]
  verbs: [get, patch]
`;

describe("core/catalog: CustomResourceDefinitions of the workspace", () => {
  it("reads a CRD's resource, scope, names and subresources", () => {
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "backups.example.io" },
      spec: {
        group: "example.io",
        scope: "Cluster",
        names: { plural: "backups", kind: "Backup" },
        versions: [{ subresources: { scale: {} } }],
      },
    };
    const doc = "Custom resource Backup (CustomResourceDefinition backups.example.io in the workspace).";
    assert.deepEqual(customResourcesOf(crd), [
      {
        group: "example.io",
        resource: "backups",
        namespaced: false,
        builtIn: false,
        kind: "Backup",
        singular: "backup",
        shortNames: [],
        verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"],
        doc,
      },
      {
        group: "example.io",
        resource: "backups",
        subresource: "scale",
        namespaced: false,
        builtIn: false,
        kind: "Backup",
        shortNames: [],
        verbs: ["get", "update", "patch"],
        doc: "The scale of Backup.",
      },
    ]);
    assert.deepEqual(customResourcesOf({ ...crd, apiVersion: "v1" }), []);
    assert.deepEqual(customResourcesOf({ ...crd, spec: { names: {} } }), []);
    assert.deepEqual(customResourcesOf("text"), []);
  });

  it("extends a catalog, which then knows the group and the resource", () => {
    const base = builtInCatalog();
    const cat = withCustomResources(
      base,
      customResourcesOf({
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        spec: { group: "stable.example.com", names: { plural: "crontabs", kind: "CronTab" } },
      }),
    );
    assert.equal(cat.source, "built-in v1.34 + 1 CustomResourceDefinition of the workspace");
    assert.equal(cat.lookup("stable.example.com", "crontabs")?.namespaced, true);
    assert.equal(cat.lookup("", "pods")?.kind, "Pod");
    assert.equal(withCustomResources(base, []), base);
  });

  it("a CRD in the files checked together: `crontab` gets a finding; crontabs, crontabs/status and another resource of the group do not", () => {
    const [, role] = checkTexts(
      [
        { file: "crd.yaml", text: CRONTAB_CRD },
        { file: "role.yaml", text: ROLE },
      ],
      builtInCatalog(),
    );
    assert.deepEqual(
      role!.findings.map((f) => [f.code, ROLE.slice(f.span.start, f.span.end)]),
      [["unknown-resource", "crontab"]],
    );
    // schedules: the group may serve more than the workspace defines, and it is no near miss of crontabs.
    // Without the CRD, the group is unknown and nothing can be said.
    assert.deepEqual(checkTexts([{ file: "role.yaml", text: ROLE }], builtInCatalog())[0]!.findings, []);
  });
});
