#!/usr/bin/env node
// Regenerates examples/cluster-snapshot.yaml from a real kube-apiserver: starts the test API server
// (built by scripts/build-apiserver.sh into .cache/apiserver), applies examples/workspace/*.yaml and
// scripts/example-snapshot-extra.yaml with kubectl, saves the RBAC snapshot with the CLI
// (`kube-rbac snapshot`, i.e. cluster/offline.ts saveSnapshot), and strips volatile metadata.
// examples/workspace/proposed-*.yaml are left out: they stand for changes not applied yet.
// Usage: node scripts/example-snapshot.mjs   (needs kubectl and a built dist/cli.js)
import { spawn, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binDir = path.join(root, ".cache", "apiserver");
const binary =
  process.env.KUBE_RBAC_TEST_APISERVER ??
  fs
    .readdirSync(binDir)
    .filter((f) => /^kube-rbac-test-apiserver-v[\d.]+$/.test(f))
    .sort()
    .map((f) => path.join(binDir, f))
    .pop();
if (!binary) throw new Error("no test kube-apiserver: run scripts/build-apiserver.sh first");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-example-"));
const server = spawn(binary, ["--dir", dir, "--exit-with-parent"], { stdio: ["ignore", "ignore", "inherit"], detached: true });
const stop = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    /* gone */
  }
};
process.on("exit", stop);

const readyFile = path.join(dir, "ready.json");
const deadline = Date.now() + 120_000;
while (!fs.existsSync(readyFile)) {
  if (Date.now() > deadline) throw new Error("the API server did not become ready in 2 minutes");
  if (server.exitCode !== null) throw new Error(`the API server exited with ${server.exitCode}`);
  await new Promise((r) => setTimeout(r, 250));
}
const ready = JSON.parse(fs.readFileSync(readyFile, "utf8"));
const admin = ready.kubeconfigs.admin;
const kubectl = (...args) => execFileSync("kubectl", ["--kubeconfig", admin, ...args], { stdio: ["ignore", "pipe", "inherit"] }).toString();

const extra = path.join(root, "scripts", "example-snapshot-extra.yaml");
kubectl("apply", "-f", extra); // namespaces first
for (const f of fs
  .readdirSync(path.join(root, "examples", "workspace"))
  // proposed-*.yaml are the workspace's unapplied changes: what-if and "Can I apply" have something to show.
  .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith("proposed-"))
  .sort()) {
  kubectl("apply", "-f", path.join(root, "examples", "workspace", f));
}
kubectl("apply", "-f", extra);

const out = path.join(root, "examples", "cluster-snapshot.yaml");
execFileSync(process.execPath, [path.join(root, "dist", "cli.js"), "snapshot", "--kubeconfig", admin, "-o", out], { stdio: "inherit" });

// Keep the file stable across regenerations: no uids, resourceVersions, server address or kubectl bookkeeping.
const doc = parseDocument(fs.readFileSync(out, "utf8").replace(/^# RBAC snapshot of .*\n/m, ""));
doc.commentBefore = ` RBAC snapshot of a Kubernetes ${ready.version ?? ""} test cluster: the bootstrap policy, examples/workspace
 and scripts/example-snapshot-extra.yaml, as \`kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml\`
 would list them. Regenerate with: node scripts/example-snapshot.mjs`;
for (const item of doc.get("items").items) {
  const meta = item.get("metadata");
  meta.delete("uid");
  meta.delete("resourceVersion");
  meta.delete("creationTimestamp");
  const ann = meta.get("annotations");
  if (ann) {
    ann.delete("kubectl.kubernetes.io/last-applied-configuration");
    if (ann.items.length === 0) meta.delete("annotations");
  }
}
fs.writeFileSync(out, doc.toString({ lineWidth: 0 }));
stop();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`wrote ${path.relative(root, out)} (${doc.get("items").items.length} objects)`);
