// Starting code-server (VS Code's server build, installed by scripts/setup-vscode-test.sh into the
// user's cache folder) with the extension under development, and driving it with playwright-core and
// Debian's Chromium. Shared by `npm run demo` and `npm run test:vscode`.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// Outside the repository: VS Code leaves out its built-in extensions (themes, file icons, languages) when
// they sit inside the folder of the extension under development, so a copy under .cache/ showed a bare,
// light workbench whatever theme was asked for. scripts/setup-vscode-test.sh installs it to the same place.
export const CODE_SERVER_DIR =
  process.env.KUBE_RBAC_CODE_SERVER_DIR ??
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "kube-rbac", "code-server");
export const CODE_SERVER = path.join(CODE_SERVER_DIR, "node_modules", ".bin", "code-server");

/** Installs Chromium/ripgrep/code-server when missing (fast when present). */
export function ensureInstalled() {
  if (fs.existsSync(CODE_SERVER) && fs.existsSync(chromiumPath())) return;
  const r = spawnSync("bash", [path.join(ROOT, "scripts", "setup-vscode-test.sh")], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("scripts/setup-vscode-test.sh failed");
}

export function chromiumPath() {
  return (
    process.env.CHROMIUM_PATH ??
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p)) ??
    "/usr/bin/chromium"
  );
}

/** Builds the type-checked layers and the bundles (dist/). */
export function build() {
  // Only the layers the extension and its in-editor tests compile against (the bundler reads the rest).
  const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-b", "client", "test/vscode"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (tsc.status !== 0) throw new Error("tsc -b failed");
  const bundle = spawnSync(process.execPath, [path.join(ROOT, "scripts", "bundle.mjs")], { cwd: ROOT, stdio: "inherit" });
  if (bundle.status !== 0) throw new Error("bundling failed");
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh user-data folder with quiet settings (no welcome page, no update checks, no telemetry). */
export function makeUserData(extraSettings = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-vscode-"));
  const settings = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "security.workspace.trust.enabled": false,
    "window.restoreWindows": "none",
    "editor.hover.delay": 100,
    ...extraSettings,
  };
  fs.mkdirSync(path.join(dir, "data", "User"), { recursive: true });
  fs.writeFileSync(path.join(dir, "data", "User", "settings.json"), JSON.stringify(settings, null, 2));
  fs.mkdirSync(path.join(dir, "extensions"), { recursive: true });
  return dir;
}

/** Starts code-server; resolves when it answers HTTP. `stop()` ends its whole process group. */
export async function startCodeServer({ port, userData, folder, env = {}, log = () => {} }) {
  const args = [
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--user-data-dir",
    path.join(userData, "data"),
    "--extensions-dir",
    path.join(userData, "extensions"),
    folder,
  ];
  const child = spawn(CODE_SERVER, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const onData = (d) => {
    output = (output + d).slice(-50_000);
    log(String(d));
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // code-server says when its HTTP server listens; the health check then confirms it answers.
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`code-server did not listen on port ${port} within 60 s:\n${output}`)), 60_000);
    const listening = () => /HTTP server listening on/.test(output) && done();
    const exit = (code) => done(new Error(`code-server exited (${code}):\n${output}`));
    function done(error) {
      clearTimeout(timer);
      child.stdout.off("data", listening);
      child.stderr.off("data", listening);
      child.off("exit", exit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout.on("data", listening);
    child.stderr.on("data", listening);
    child.once("exit", exit);
  });
  if (!(await answers(port))) throw new Error(`code-server listens on port ${port} but does not answer:\n${output}`);
  return {
    url: `http://127.0.0.1:${port}/`,
    /** code-server's own process: the extension hosts run below it. */
    pid: child.pid,
    output: () => output,
    async stop() {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    },
  };
}

function answers(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/healthz", timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** The workbench URL opening `folder`, optionally with extension-development / extension-tests payload. */
export function workbenchUrl(base, port, folder, { extensionPath, testsPath } = {}) {
  const payload = [];
  if (extensionPath) payload.push(["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${port}${extensionPath}`]);
  if (testsPath) payload.push(["extensionTestsPath", `vscode-remote://127.0.0.1:${port}${testsPath}`]);
  const q = new URLSearchParams({ folder });
  if (payload.length) q.set("payload", JSON.stringify(payload));
  return `${base}?${q.toString()}`;
}

export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A throwaway copy of examples/workspace (tests edit files in it). */
export function copyWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-ws-"));
  fs.cpSync(path.join(ROOT, "examples", "workspace"), dir, { recursive: true });
  return dir;
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits until its editor shows `visibleText`. */
export async function openWithQuickOpen(page, file, visibleText) {
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget:visible input");
  await page.keyboard.type(file);
  await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${file}")`);
  await page.keyboard.press("Enter");
  await page.waitForSelector(`.monaco-editor .view-lines:has-text('${visibleText}')`);
}
