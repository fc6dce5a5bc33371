// One editor session of the editor-at-scale benchmark: code-server with the extension under development,
// pointed at the loaded test API server through KUBECONFIG, driven by headless Chromium. What a person
// waits for is read from the DOM rows of the Effective Permissions view; every interval starts at the
// input event in the page (or at the API request, for a change in the cluster) and ends when the rows
// are there, timed by the page's own clock.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyWorkspace, freePort, makeUserData, ROOT, startCodeServer, workbenchUrl } from "../../scripts/lib/code-server.mjs";
import { extensionHosts, languageServers, memory, quiet } from "./editor-scale-processes.mjs";
import { clearFilter, collapse, expand, filterTo, firstLevel, rowsOf, scrollTo, waitRows } from "./editor-scale-view.mjs";

const RBAC = "rbac.authorization.k8s.io";

/**
 * Runs one session; resolves with its figures (ms and bytes). `plan`: the user to filter to, the
 * namespace to expand, how many cluster changes to time.
 */
export async function editorSession(browser, { kubeconfig, admin, plan, log }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-editor-scale-"));
  const home = path.join(scratch, "home");
  fs.mkdirSync(home);
  const userData = makeUserData();
  const workspace = copyWorkspace();
  const port = await freePort();
  const serverLog = path.join(scratch, "code-server.log");
  const server = await startCodeServer({
    port,
    userData,
    folder: workspace,
    env: { HOME: home, KUBECONFIG: kubeconfig },
    log: (s) => fs.appendFileSync(serverLog, s),
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const sampler = memorySampler(server.pid);
  try {
    const busy = () => {
      const host = extensionHosts(server.pid)[0]?.pid;
      return host === undefined ? [] : [host, ...languageServers(host).map((p) => p.pid)];
    };
    const out = await measure(page, { base: server.url, port, workspace, userData, admin, plan, log, busy }).catch(async (e) => {
      const shot = path.join(os.tmpdir(), `kube-rbac-editor-scale-failed-${Date.now()}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${e instanceof Error ? e.message : String(e)} (screenshot ${shot})`);
    });
    out.memory = await sampler.settle();
    return out;
  } finally {
    sampler.stop();
    await page.close().catch(() => undefined);
    await server.stop();
    for (const d of [scratch, userData, workspace]) fs.rmSync(d, { recursive: true, force: true });
  }
}

async function measure(page, { base, port, workspace, userData, admin, plan, log, busy }) {
  const out = {};
  const t0 = Date.now();
  await page.goto(workbenchUrl(base, port, workspace, { extensionPath: ROOT }));
  await page.waitForSelector(".monaco-workbench", { timeout: 120_000 });
  const workbenchAt = Date.now();
  out.workbenchMs = workbenchAt - t0;
  await page.locator('.activitybar [aria-label^="Kubernetes RBAC"]').first().click();
  const firstAt = await firstLevel(page);
  out.firstLevelFromWorkbenchMs = firstAt - workbenchAt;
  const connectedAt = connectedTime(userData);
  out.firstLevelFromSnapshotMs = connectedAt === undefined ? NaN : firstAt - connectedAt;
  out.snapshotFromWorkbenchMs = connectedAt === undefined ? NaN : connectedAt - workbenchAt;
  log(
    `editor-scale: workbench ${out.workbenchMs} ms; first level ${out.firstLevelFromWorkbenchMs} ms after it, ${out.firstLevelFromSnapshotMs} ms after the snapshot`,
  );
  out.changeMs = [];
  out.quietMs = [];
  for (let i = 0; i < plan.changes; i++) {
    // A settled editor: the badges of the rows below the first ones and the language server's copy done.
    out.quietMs.push(await quiet(busy()));
    out.changeMs.push(await clusterChange(page, admin, plan.changeNamespace, i));
  }
  await quiet(busy());
  log(`editor-scale: cluster change visible: ${out.changeMs.join(", ")} ms (after ${out.quietMs.join(", ")} ms waiting for quiet)`);
  out.filterMs = await filterTo(page, plan.filterUser);
  out.clearFilterMs = await clearFilter(page);
  log(`editor-scale: filter ${out.filterMs} ms, cleared ${out.clearFilterMs} ms`);
  await collapse(page, "Users");
  await collapse(page, "Groups");
  out.serviceAccountsMs = await expand(page, "Service Accounts", 1);
  await scrollTo(page, plan.namespace);
  out.namespaceMs = await expand(page, plan.namespace, 2);
  out.namespaceRows = (await rowsOf(page)).filter((r) => r.level === 3).length;
  log(`editor-scale: Service Accounts expanded ${out.serviceAccountsMs} ms, namespace ${plan.namespace} ${out.namespaceMs} ms`);
  return out;
}

/** When the extension logged its first complete snapshot (the kube-rbac output channel's log file). */
function connectedTime(userData) {
  const files = walk(path.join(userData, "data", "logs")).filter((f) => /kube-rbac\.log$/.test(f));
  for (const f of files) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] Connected to /m.exec(fs.readFileSync(f, "utf8"));
    if (m) return new Date(`${m[1]}T${m[2]}`).getTime();
  }
  return undefined;
}

/** Removes the RoleBindings an interrupted earlier run left in `namespace`. */
export async function removeLeftovers(admin, namespace) {
  const r = await admin.request("GET", `/apis/${RBAC}/v1/namespaces/${namespace}/rolebindings`);
  for (const b of r.body?.items ?? [])
    if (b.metadata.name.startsWith("editor-scale-"))
      await admin.request("DELETE", `/apis/${RBAC}/v1/namespaces/${namespace}/rolebindings/${b.metadata.name}`);
}

/** A RoleBinding for a new user whose name sorts first: from the request until the user's row shows under Users. */
async function clusterChange(page, admin, namespace, i) {
  const user = `aaa-editor-scale-${Date.now()}-${i}`;
  const name = `editor-scale-${Date.now()}-${i}`;
  const t0 = Date.now();
  const seen = waitRows(page, { label: user, level: 2 }, 60_000);
  const r = await admin.request("POST", `/apis/${RBAC}/v1/namespaces/${namespace}/rolebindings`, {
    apiVersion: `${RBAC}/v1`,
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "view" },
    subjects: [{ kind: "User", apiGroup: RBAC, name: user }],
  });
  if (r.status !== 201) throw new Error(`creating a RoleBinding failed: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  const ms = (await seen) - t0;
  // The cluster as the workload left it (a later user must sort first again).
  await admin.request("DELETE", `/apis/${RBAC}/v1/namespaces/${namespace}/rolebindings/${name}`);
  return ms;
}

/** Samples the extension host's and the language server's memory every 250 ms; `settle()` waits for quiet. */
function memorySampler(codeServerPid) {
  let host;
  let lsp;
  let peakHost = 0;
  let peakLsp = 0;
  const sample = () => {
    host ??= extensionHosts(codeServerPid)[0]?.pid;
    if (host !== undefined) lsp ??= languageServers(host)[0]?.pid;
    const h = host !== undefined ? memory(host) : undefined;
    const l = lsp !== undefined ? memory(lsp) : undefined;
    if (h) peakHost = Math.max(peakHost, h.rssBytes, h.peakRssBytes);
    if (l) peakLsp = Math.max(peakLsp, l.rssBytes, l.peakRssBytes);
    return { h, l };
  };
  const timer = setInterval(sample, 250);
  return {
    stop: () => clearInterval(timer),
    /** Settled: resident memory once it has stayed within 2% for 3 s (at most 30 s). */
    async settle() {
      const values = [];
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => setTimeout(r, 500));
        values.push(sample().h?.rssBytes ?? NaN);
        const last = values.slice(-6);
        if (last.length === 6 && Math.max(...last) <= Math.min(...last) * 1.02) break;
      }
      const { h, l } = sample();
      return { hostPid: host, hostRssBytes: h?.rssBytes, hostPeakRssBytes: peakHost, lspRssBytes: l?.rssBytes, lspPeakRssBytes: peakLsp };
    },
  };
}

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}
