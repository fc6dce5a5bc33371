#!/usr/bin/env node
// Starts the real test kube-apiserver (test/apiserver) for manual use:
//   node scripts/cluster.mjs [--port N] [--aggregation=false] [--dir DIR] [-- kube-apiserver flags]
// Builds it first if needed (scripts/build-apiserver.sh, cached in .cache/apiserver),
// runs it with --dir .cache/cluster (default), waits for ready.json, prints how to
// point kubectl at it and keeps running until Ctrl-C / SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const log = (msg) => console.log(`[cluster] ${msg}`);

function build() {
  const res = spawnSync("bash", [join(root, "scripts", "build-apiserver.sh")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (res.status !== 0) {
    console.error(`[cluster] build failed (exit ${res.status ?? res.signal})`);
    process.exit(1);
  }
  const lines = res.stdout.trim().split("\n");
  return lines[lines.length - 1];
}

function optionValue(name) {
  for (let i = 0; i < args.length && args[i] !== "--"; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

const binary = build();
let dir = optionValue("--dir");
const childArgs = [...args];
if (dir === undefined) {
  dir = join(root, ".cache", "cluster");
  childArgs.unshift("--dir", dir);
}
dir = resolve(root, dir);
childArgs.unshift("--exit-with-parent");
const readyPath = join(dir, "ready.json");

const started = Date.now();
// Own process group: a terminal Ctrl-C reaches only this launcher, which then
// sends exactly one SIGTERM (a second signal makes the server exit without a clean stop).
const child = spawn(binary, childArgs, { cwd: root, stdio: ["ignore", "inherit", "inherit"], detached: true });
let exited = false;
let stopping = false;
child.on("exit", (code, signal) => {
  exited = true;
  if (!stopping) console.error(`[cluster] server exited unexpectedly (${signal ?? `exit ${code}`}); see ${join(dir, "server.log")}`);
  process.exit(stopping && code === 0 ? 0 : 1);
});

function stop(sig) {
  if (stopping) return;
  stopping = true;
  log(`${sig}: stopping the server...`);
  if (!exited) child.kill("SIGTERM");
  setTimeout(() => {
    if (!exited) {
      console.error("[cluster] server did not stop within 90s, killing it");
      child.kill("SIGKILL");
    }
  }, 90_000).unref();
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGHUP", () => stop("SIGHUP"));

function readReady() {
  if (!existsSync(readyPath)) return undefined;
  try {
    const ready = JSON.parse(readFileSync(readyPath, "utf8"));
    return ready.pid === child.pid ? ready : undefined; // ignore a stale file from an earlier run
  } catch {
    return undefined; // written atomically, but be tolerant
  }
}

const timeoutMs = 5 * 60_000;
const poll = setInterval(() => {
  if (exited || stopping) return clearInterval(poll);
  const ready = readReady();
  if (ready) {
    clearInterval(poll);
    const k = ready.kubeconfigs;
    log(`kube-apiserver ${ready.version} ready at ${ready.server} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    log("");
    log("Point kubectl at it (cluster-admin):");
    log(`  export KUBECONFIG=${k.admin}`);
    log("Other users:");
    log(`  lister (get/list/watch roles,rolebindings in team-a): --kubeconfig ${k.lister}`);
    log(`  nobody (no RBAC rights):                             --kubeconfig ${k.nobody}`);
    log(`  system:serviceaccount:default:robot:                 --kubeconfig ${k.sa}`);
    log(`Audit log: ${ready.auditLog}`);
    log(`Details:   ${readyPath}`);
    log("Press Ctrl-C to stop.");
  } else if (Date.now() - started > timeoutMs) {
    clearInterval(poll);
    console.error(`[cluster] not ready after ${timeoutMs / 1000}s; see ${join(dir, "server.log")}`);
    stop("timeout");
  }
}, 200);
