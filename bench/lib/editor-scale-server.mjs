// The test kube-apiserver for the editor-at-scale benchmark, loaded with a workload through the cluster
// benchmark's loader. With `serverDir`, the server keeps its etcd data there and a later run on the same
// folder starts from it without loading again (loading "huge" takes minutes); the folder is outside the
// repository and its owner removes it.
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { loadWorkload } from "./cluster-bench.mjs";

const require = createRequire(import.meta.url);
const { TestApiServer, AdminClient } = require("../../out/test/support/apiserver.js");

/** Starts the server (on `serverDir` when given) and loads `workload` unless that folder already holds it. */
export async function loadedServer(workload, { serverDir, log }) {
  const marker = serverDir ? path.join(serverDir, `loaded-${workload.name}.json`) : undefined;
  if (serverDir) fs.mkdirSync(serverDir, { recursive: true });
  const reused = marker !== undefined && fs.existsSync(marker);
  const server = await TestApiServer.start(serverDir ? { dir: serverDir, reuse: true } : {});
  const admin = new AdminClient(server.kubeconfig("admin"));
  try {
    let load;
    if (reused) {
      load = { ...JSON.parse(fs.readFileSync(marker, "utf8")), reused: true };
      log(`editor-scale: ${workload.name}: the server's folder already holds the workload (loaded ${load.date})`);
    } else {
      log(`editor-scale: ${workload.name}: loading ${workload.objects.length} objects`);
      load = { ...(await loadWorkload(admin, workload, { log })), date: new Date().toISOString() };
      log(`editor-scale: ${workload.name}: loaded in ${(load.ms / 1000).toFixed(1)} s (${load.failures} failures)`);
      if (marker && load.failures === 0) fs.writeFileSync(marker, JSON.stringify(load));
    }
    return {
      server,
      admin,
      load,
      async stop() {
        admin.dispose();
        await server.stop({ keepDir: serverDir !== undefined });
      },
    };
  } catch (e) {
    admin.dispose();
    await server.stop({ keepDir: serverDir !== undefined });
    throw e;
  }
}
