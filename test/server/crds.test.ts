import { strict as assert } from "node:assert";
import { CRONTAB_CRD } from "../support/manifests";
import { TestClient, withServer } from "./lsp-client";

describe("server: CustomResourceDefinitions in the workspace extend the catalog", () => {
  let client: TestClient;
  withServer({ files: { "crds/crontab.yaml": CRONTAB_CRD } }, (c) => (client = c));

  it("flags `crontab`, completes crontabs and its status, and knows the verbs", async () => {
    const doc = await client.open(
      "role.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: dev}
rules:
- apiGroups: [stable.example.com]
  resources: [crontab, |]
  verbs: [get, |]
`,
    );
    assert.deepEqual(
      (await doc.diagnostics()).map((d) => [d.code, d.range.start.line]),
      [["unknown-resource", 5]],
    );
    const resources = await doc.labels(0);
    assert.ok(resources.includes("crontabs") && resources.includes("crontabs/status"), resources.join(", "));
    assert.ok((await doc.labels(1)).includes("deletecollection"));
  });
});
