#!/usr/bin/env node
// `npm run demo`: VS Code in the browser (code-server) with the extension under development, on
// examples/workspace with the bundled example snapshot. Installs code-server into .cache/ if missing,
// builds, prints the address and runs until Ctrl-C. `--example` shows the example even when you have a kubeconfig.
// `--check` (or CI=true): start, verify that the workbench loads and the extension activates, print a
// summary and exit (0 = fine).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build, ensureInstalled, freePort, launchBrowser, makeUserData, ROOT, startCodeServer, workbenchUrl } from "./lib/code-server.mjs";

const check = process.argv.includes("--check") || /^(1|true)$/i.test(process.env.CI ?? "");
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : check ? await freePort() : 8080;

ensureInstalled();
build();
const workspace = path.join(ROOT, "examples", "workspace");
const userData = makeUserData({ "workbench.colorTheme": "Default Dark Modern" });
// With a kubeconfig (KUBECONFIG or ~/.kube/config) the extension shows that cluster, read-only; without
// one, or with --example (and always with --check), it shows the example snapshot
// (examples/cluster-snapshot.yaml) and no kubeconfig of yours is read.
const ownKubeconfig = process.env.KUBECONFIG || path.join(os.homedir(), ".kube", "config");
const useOwn = !check && !process.argv.includes("--example") && fs.existsSync(ownKubeconfig.split(path.delimiter)[0]);
const home = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-demo-home-"));
const env = useOwn ? {} : { HOME: home, KUBECONFIG: path.join(home, "no-kubeconfig") };
const t0 = Date.now();
const server = await startCodeServer({ port, userData, folder: workspace, env });
const url = workbenchUrl(server.url, port, workspace, { extensionPath: ROOT });

const cleanup = async () => {
  await server.stop();
  fs.rmSync(userData, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
};

if (!check) {
  console.log(
    `\nkube-rbac demo: open ${url}\n(code-server on 127.0.0.1:${port}; ${useOwn ? "your kubeconfig's current context, read-only" : "the example snapshot"}; Ctrl-C to stop)\n`,
  );
  process.on("SIGINT", () => void cleanup().then(() => process.exit(0)));
  process.on("SIGTERM", () => void cleanup().then(() => process.exit(0)));
} else {
  let ok = false;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    const loaded = Date.now() - t0;
    // The status bar item appears once the extension has activated and read the example snapshot.
    await page.waitForSelector('.statusbar-item:has-text("example snapshot")', { timeout: 60_000 });
    const activated = Date.now() - t0;
    console.log(`demo check: workbench loaded in ${loaded} ms; extension active with the example snapshot after ${activated} ms`);
    ok = true;
  } catch (e) {
    console.error(`demo check failed: ${e instanceof Error ? e.message : String(e)}\n${server.output().slice(-3000)}`);
  } finally {
    await browser.close();
    await cleanup();
  }
  process.exit(ok ? 0 : 1);
}
