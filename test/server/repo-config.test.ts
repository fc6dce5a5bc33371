// The language server under the repository configuration (`.kube-rbac.yaml`): the same severities,
// disabled checks and ignored paths as `kube-rbac check`, the editor's settings on top, a change on disk
// re-checks, and the configuration file's own problems are its diagnostics.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_ROLE as ROLE } from "../support/fixtures";
import { serverPerTest } from "./lsp-client";

const summary = (diags: { code?: string | number; severity?: number; range: { start: { line: number } } }[]) =>
  diags.map((d) => `${d.code}@${d.range.start.line + 1}:${d.severity}`);

describe("server: repository configuration", () => {
  const servers = serverPerTest();

  it("applies the nearest configuration's severities, disabled checks and ignored paths, with the settings on top", async () => {
    let client = await servers.start({
      files: {
        ".kube-rbac.yaml": "severity: {wildcard: error}\ndisabledChecks: [missing-verbs]\nignore: [generated/]\n",
        "team/.kube-rbac.yaml": "severity: {missing-verbs: hint}\n",
      },
      settings: { severity: { "secrets-read": "off", "pod-exec": "off" } },
    });
    await client.scanned;
    // Severity 1 = Error, 4 = Hint (LSP).
    assert.deepEqual(summary(await (await client.open("a.yaml", ROLE)).diagnostics()), ["wildcard@7:1"]);
    assert.deepEqual(summary(await (await client.open("team/b.yaml", ROLE)).diagnostics()), ["wildcard@7:2", "missing-verbs@8:4"]);
    assert.deepEqual(await (await client.open("generated/c.yaml", ROLE)).diagnostics(), []);
    await servers.stop();
    // The editor's settings win over the configuration, code by code.
    client = await servers.start({
      files: { ".kube-rbac.yaml": "severity: {wildcard: error}\ndisabledChecks: [missing-verbs]\n" },
      settings: { severity: { wildcard: "information", "missing-verbs": "warning" } },
    });
    assert.deepEqual(summary(await (await client.open("a.yaml", ROLE)).diagnostics()), ["wildcard@7:3", "missing-verbs@8:2"]);
  });

  it("re-checks when the configuration changes on disk, and reports its problems with their lines", async () => {
    const client = await servers.start({ files: { ".kube-rbac.yaml": "disabledChecks: [wildcard]\n" } });
    const doc = await client.open("a.yaml", ROLE);
    assert.deepEqual(summary(await doc.diagnostics()), ["missing-verbs@8:1"]);
    const config = path.join(client.folder, ".kube-rbac.yaml");
    fs.writeFileSync(config, "disabledChecks: [missing-verb]\n");
    const next = client.nextDiagnostics(doc.uri);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: client.uri(".kube-rbac.yaml"), type: 2 }],
    });
    assert.deepEqual(summary(await next), ["wildcard@7:2", "missing-verbs@8:1"]);
    // The problem is the configuration file's diagnostic (and is logged).
    const problems = client.published.get(client.uri(".kube-rbac.yaml"))?.diagnostics;
    assert.deepEqual(problems, [
      {
        range: { start: { line: 0, character: 17 }, end: { line: 0, character: 29 } },
        severity: 1,
        source: "kube-rbac config",
        message: 'unknown check code "missing-verb" (did you mean "missing-verbs"?)',
      },
    ]);
    assert.ok(client.logs.some((l) => l.includes('.kube-rbac.yaml:1:18: unknown check code "missing-verb"')));
  });

  it("checks against the configured Kubernetes version's catalog", async () => {
    // PodCertificateRequests are served from Kubernetes v1.34 on.
    const role = ROLE.replace(
      'apiGroups: [""]\n  resources: [configmaps]',
      "apiGroups: [certificates.k8s.io]\n  resources: [podcertificaterequests]",
    );
    const client = await servers.start({
      files: { "old/.kube-rbac.yaml": 'kubernetesVersion: "1.33"\ndisabledChecks: [missing-verbs, wildcard]\n' },
    });
    assert.deepEqual(summary(await (await client.open("old/a.yaml", role)).diagnostics()), ["unknown-resource@6:2"]);
    assert.deepEqual(summary(await (await client.open("new/a.yaml", role)).diagnostics()), ["wildcard@7:2", "missing-verbs@8:1"]);
  });

  it("validates the configuration file as it is edited", async () => {
    const client = await servers.start();
    const doc = await client.open(".kube-rbac.yaml", "kubernetesVersion: 1.33\n");
    assert.deepEqual(await doc.diagnostics(), []);
    await doc.setText("kubernetesVersion: 1.33\nignore: legacy/\n");
    assert.deepEqual(await doc.diagnostics(), [
      {
        range: { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } },
        severity: 1,
        source: "kube-rbac config",
        message: "ignore must be a list of strings",
      },
    ]);
  });
});
