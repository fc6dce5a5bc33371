#!/usr/bin/env node
// `npm run demo`: VS Code in the browser (code-server) with the extension under development, on a
// throwaway copy of examples/workspace (code-server saves edits; the repository's files never change)
// with the bundled example snapshot. Installs code-server into .cache/ if missing, builds, prints the
// address and runs until Ctrl-C. `--example` shows the example even when you have a kubeconfig.
// `--check` (or CI=true): start, verify that the workbench loads dark, the extension activates and an
// edit saved in the demo leaves the repository's `git status` as it was, print a summary and exit (0 = fine).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  build,
  copyWorkspace,
  ensureInstalled,
  freePort,
  launchBrowser,
  makeUserData,
  openWithQuickOpen,
  ROOT,
  startCodeServer,
  workbenchUrl,
} from "./lib/code-server.mjs";

const check = process.argv.includes("--check") || /^(1|true)$/i.test(process.env.CI ?? "");
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : check ? await freePort() : 8080;

ensureInstalled();
if (!process.argv.includes("--no-build")) build();
const workspace = copyWorkspace();
const userData = makeUserData({
  "workbench.colorTheme": "Default Dark Modern",
  // The browser's light preference must not win over the theme asked for.
  "window.autoDetectColorScheme": false,
  // The copy is not a repository: no prompt about the one around it, no git popups at all.
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "files.autoSave": "afterDelay",
});
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
  fs.rmSync(workspace, { recursive: true, force: true });
};

/** The repository's status, to compare before and after the demo (a checkout may have changes of its own). */
function gitStatus() {
  try {
    return execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] }).toString();
  } catch {
    return "(not a git checkout)";
  }
}

/** Types a comment into team-a.yaml and waits until the copy on disk has it; returns the file's path. */
async function editAndSave(page) {
  const file = path.join(workspace, "team-a.yaml");
  await openWithQuickOpen(page, "team-a.yaml", "developer");
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# edited in the demo\n");
  await page.keyboard.press("Control+S");
  const deadline = Date.now() + 30_000;
  while (!fs.readFileSync(file, "utf8").startsWith("# edited in the demo")) {
    if (Date.now() > deadline) throw new Error("the edit never reached the copy on disk");
    await new Promise((r) => setTimeout(r, 100));
  }
  return file;
}

const before = gitStatus();

if (!check) {
  console.log(
    `\nkube-rbac demo: open ${url}\n(code-server on 127.0.0.1:${port}; ${useOwn ? "your kubeconfig's current context, read-only" : "the example snapshot"}; edits go to a copy in ${workspace}, removed on exit; Ctrl-C to stop)\n`,
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
    // The workbench paints with its default theme first and applies the configured one once its theme
    // extension is read, which can come after our extension's activation.
    const dark = await page
      .waitForFunction(
        /* global document -- the function below runs in the page */
        () => document.querySelector(".monaco-workbench")?.classList.contains("vs-dark") ?? false,
        undefined,
        { timeout: 20_000 },
      )
      .then(() => true)
      .catch(() => false);
    if (!dark) throw new Error("the workbench is not dark: the requested theme was not applied");
    const edited = await editAndSave(page);
    const after = gitStatus();
    if (after !== before) throw new Error(`the demo changed the repository:\n${after}`);
    console.log(
      `demo check: workbench loaded (dark) in ${loaded} ms; extension active with the example snapshot after ${activated} ms; an edit was saved to the copy (${edited}) and git status is unchanged`,
    );
    ok = true;
  } catch (e) {
    console.error(`demo check failed: ${e instanceof Error ? e.message : String(e)}\n${server.output().slice(-3000)}`);
  } finally {
    await browser.close();
    await cleanup();
  }
  process.exit(ok ? 0 : 1);
}
