// What a person sees: opens the example workspace in the workbench with the extension under development,
// and takes screenshots of squiggles, a hover, the completion list and the permissions tree into
// `imagesDir` (a temporary folder in the tests; docs/images/ for `npm run screenshots`). Each step reports
// ok or the error; nothing is retried on a timer.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, workbenchUrl } from "../../scripts/lib/code-server.mjs";

export async function uiPass(browser, { base, port, workspace, userData, imagesDir, debugDir = imagesDir }) {
  fs.mkdirSync(imagesDir, { recursive: true });
  const results = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const step = async (name, fn) => {
    try {
      const file = await fn();
      results.push({ name, ok: true, file });
    } catch (e) {
      const debug = path.join(debugDir, `failed-${name.replace(/\W+/g, "-")}.png`);
      await page.screenshot({ path: debug }).catch(() => undefined);
      results.push({ name, ok: false, error: `${(e instanceof Error ? e.message : String(e)).split("\n")[0]} (screenshot ${debug})` });
    }
  };
  const shot = async (name, clip) => {
    const file = path.join(imagesDir, `${name}.png`);
    await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
    return file;
  };

  await step("workbench loads with the extension", async () => {
    await page.goto(workbenchUrl(base, port, workspace, { extensionPath: ROOT }));
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    await page.waitForSelector('.statusbar-item:has-text("example snapshot")', { timeout: 60_000 });
  });
  await step("squiggles on a manifest", () => squiggles(page, shot));
  await step("hover explains a rule", () => hover(page, shot));
  await step("completion list of verbs", () => completion(page, shot, workspace));
  await step("Effective Permissions tree", () => permissionsTree(page, shot));
  await step("Can become cluster-admin in the tree", () => canBecome(page, shot));
  await step("result view of Who Can…?", () => resultView(page, shot));
  await step("nearest miss of a denied Can I…?", () => nearestMiss(page, shot));
  await step("walkthrough", () => walkthrough(page, shot));
  await step("unused grants faded", () => unusedGrants(page, shot, workspace));
  await step("a chart's rendered finding from a change on disk, in Problems", () => chartOnDisk(page, shot, workspace, userData));
  await step("Who can…? over the chart with what-if", () => whoCanChart(page, shot, workspace));
  await page.close();
  return results;
}

async function squiggles(page, shot) {
  await quickOpen(page, "team-a.yaml");
  await page.waitForSelector(".monaco-editor .view-lines:has-text('developer')");
  await page.waitForSelector(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error", { timeout: 60_000 });
  return shot("diagnostics");
}

async function hover(page, shot) {
  const box = await page.locator(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error").first().boundingBox();
  if (!box) throw new Error("no squiggle on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4);
  await page.waitForSelector(".monaco-hover:visible .hover-contents, .monaco-hover:visible .markdown-hover", { timeout: 20_000 });
  // The rule's explanation comes from the language server after the diagnostic's part: wait until the
  // hover no longer says "Loading...", or the picture shows the problem without its explanation.
  await page.waitForFunction(
    () => {
      const shown = [...document.querySelectorAll(".monaco-hover")].filter((el) => el.getBoundingClientRect().height > 0);
      return shown.length > 0 && shown.every((el) => !el.textContent?.includes("Loading..."));
    },
    undefined,
    { timeout: 20_000 },
  );
  // The hover fades in: wait for the animation to end, or the picture shows it half transparent.
  await page.waitForFunction(
    /* global document, getComputedStyle -- this function runs in the page */
    () =>
      [...document.querySelectorAll(".monaco-hover")].some(
        (el) =>
          el.getAnimations({ subtree: true }).every((a) => a.playState === "finished") &&
          getComputedStyle(el).opacity === "1" &&
          el.getBoundingClientRect().height > 0,
      ),
    undefined,
    { timeout: 10_000 },
  );
  return shot("hover");
}

async function completion(page, shot, workspace) {
  await page.mouse.move(5, 5);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+G");
  await page.waitForSelector(".quick-input-widget:visible input");
  await page.keyboard.type(String(lineOf(workspace, 'verbs: ["get", "list", "watch"]')));
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.type(", ");
  await page.keyboard.press("Control+Space");
  await page.waitForSelector(".suggest-widget.visible .monaco-list-row", { timeout: 20_000 });
  const file = await shot("completion");
  await page.keyboard.press("Escape");
  // ", " was typed as two undo steps.
  await page.keyboard.press("Control+Z");
  await page.keyboard.press("Control+Z");
  return file;
}

/** An audit log configured for the workspace: what it shows unused is faded in the Role. */
async function unusedGrants(page, shot, workspace) {
  const dir = path.join(workspace, "audited");
  fs.mkdirSync(dir, { recursive: true });
  const sa = { username: "system:serviceaccount:team-a:dashboard", groups: ["system:serviceaccounts", "system:authenticated"] };
  const event = (i, verb, name) =>
    JSON.stringify({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: `ui-${i}`,
      stage: "ResponseComplete",
      requestURI: `/api/v1/namespaces/team-a/pods${name ? `/${name}` : ""}`,
      verb,
      user: sa,
      objectRef: { resource: "pods", namespace: "team-a", apiVersion: "v1", ...(name ? { name } : {}) },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: `2026-03-0${i}T10:00:00Z`,
      annotations: { "authorization.k8s.io/decision": "allow" },
    });
  fs.writeFileSync(path.join(dir, "audit.log"), [event(1, "list"), event(2, "get", "web-0")].join("\n"));
  fs.writeFileSync(
    path.join(dir, "dashboard.yaml"),
    [
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: Role",
      "metadata:",
      "  name: dashboard",
      "  namespace: team-a",
      "rules:",
      '  - apiGroups: [""]',
      '    resources: ["pods", "pods/log"]',
      '    verbs: ["get", "list", "delete"]',
      '  - apiGroups: [""]',
      "    resources: [secrets]",
      "    verbs: [get]",
      "---",
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: RoleBinding",
      "metadata: {name: dashboard, namespace: team-a}",
      "subjects: [{kind: ServiceAccount, name: dashboard}]",
      "roleRef: {kind: Role, name: dashboard, apiGroup: rbac.authorization.k8s.io}",
      "",
    ].join("\n"),
  );
  fs.mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
  fs.writeFileSync(path.join(workspace, ".vscode", "settings.json"), JSON.stringify({ "kubeRbac.auditLog": ["audited/audit.log"] }));
  await quickOpen(page, "dashboard.yaml");
  await page.waitForSelector(".monaco-editor .view-lines:has-text('pods/log')");
  await page.waitForSelector(".monaco-editor .squiggly-inline-unnecessary", { timeout: 60_000 });
  // The hover on a faded entry: the message says whose requests were considered, and when.
  const box = await page.locator(".monaco-editor .squiggly-inline-unnecessary").last().boundingBox();
  if (!box) throw new Error("no faded grant on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('.monaco-hover:visible:has-text("Unused grant")', { timeout: 20_000 });
  // The hover fades in: the screenshot waits for it to be fully shown.
  await page.waitForFunction(() => [...document.querySelectorAll(".monaco-hover")].some((h) => getComputedStyle(h).opacity === "1"));
  return shot("unused-grant");
}

async function permissionsTree(page, shot) {
  await page.locator('.activitybar [aria-label^="Kubernetes RBAC"]').first().click();
  // A wider side bar, so resource names are not cut off: drag the sash between it and the editor.
  const sidebar = await page.locator(".part.sidebar").boundingBox();
  if (sidebar) {
    const x = sidebar.x + sidebar.width;
    await page.mouse.move(x, sidebar.y + 300);
    await page.mouse.down();
    await page.mouse.move(x + 230, sidebar.y + 300, { steps: 8 });
    await page.mouse.up();
  }
  // Exact label match (a description such as "escalate, get" must not count).
  const exact = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s*$`);
  const row = (text) =>
    page
      .locator(".pane-body .monaco-list-row")
      .filter({ has: page.locator(".label-name", { hasText: exact(text) }) })
      .first();
  await row("Users").waitFor({ timeout: 30_000 });
  // Groups with their display names and risk badges; alice's namespace, where one grant matches no served resource.
  await expand(row("namespace team-a"), row("alice@contoso.com"));
  await expand(row("core/pod"), row("namespace team-a"));
  await expand(row("b7e1c0a2-55d3-4f0e-8d7a-6c2f9e4b1a03"), row("Groups"));
  await row("core/pod").hover();
  await page.waitForSelector(".monaco-hover:visible", { timeout: 10_000 });
  return shot("permissions-tree");
}

/** Exact label match (a description such as "escalate, get" must not count). */
function treeRow(page, text) {
  const exact = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s*$`);
  return page
    .locator(".pane-body .monaco-list-row")
    .filter({ has: page.locator(".label-name", { hasText: exact }) })
    .first();
}

async function canBecome(page, shot) {
  await treeRow(page, "Users").waitFor({ timeout: 30_000 });
  await expand(treeRow(page, "Can become cluster-admin"), treeRow(page, "dave@contoso.com"));
  const step = "1. impersonate user kube-rbac-escalation with group system:masters";
  await expand(treeRow(page, step), treeRow(page, "Can become cluster-admin"));
  await expand(treeRow(page, 'impersonate users "kube-rbac-escalation" at cluster scope'), treeRow(page, step));
  await treeRow(page, step).hover();
  await page.waitForSelector(".monaco-hover:visible", { timeout: 10_000 });
  return shot("can-become");
}

async function nearestMiss(page, shot) {
  await runFromPalette(page, "kube-rbac: Can I");
  await pick(page, "carol@contoso.com");
  await pick(page, "create");
  await pick(page, "pods/exec");
  await pick(page, "team-a");
  const view = page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
  await view.locator("h2", { hasText: "Nearest misses" }).waitFor({ timeout: 20_000 });
  return shot("can-i-nearest-miss");
}

async function resultView(page, shot) {
  await runFromPalette(page, "kube-rbac: Who Can");
  await pick(page, "create");
  await pick(page, "pods/exec");
  await pick(page, "team-b");
  // Webviews nest the content's iframe in the panel's iframe.
  await page.frameLocator("iframe.webview").frameLocator("iframe#active-frame").locator("#verdict").waitFor({ timeout: 20_000 });
  return shot("result-view");
}

async function walkthrough(page, shot) {
  await runFromPalette(page, "Welcome: Open Walkthrough");
  await pick(page, "Get started with kube-rbac");
  await page.waitForSelector('.gettingStartedContainer :text("Fix a typo with a quick fix")', { timeout: 20_000 });
  return shot("walkthrough");
}

/**
 * A chart rendered with the pinned helm (helm's path is a machine setting): its binding's
 * roleRef is given a typo on disk, by another program, and the Problems view lists the render's finding
 * in that template, which was never opened.
 */
async function chartOnDisk(page, shot, workspace, userData) {
  const tools = path.join(ROOT, ".cache", "tools");
  const helm = fs.readdirSync(tools).find((f) => f.startsWith("helm-v"));
  if (!helm || !userData) throw new Error(`no helm in ${tools} (npm run build:tools), or no user settings`);
  // code-server reads machine settings from its remote machine's settings file.
  const settingsFile = path.join(userData, "data", "Machine", "settings.json");
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, "utf8")) : {};
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, "kubeRbac.helm.path": path.join(tools, helm) }, null, 2));
  const chart = path.join(workspace, "demo-chart");
  fs.cpSync(path.join(ROOT, "test", "fixtures", "charts", "demo"), chart, { recursive: true });
  const edit = (rel, from, to) => {
    const file = path.join(chart, rel);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(from, to));
  };
  edit("values.yaml", "rbac:\n", "rbac:\n  roleName: app-reader\n");
  edit("templates/role.yaml", '  name: {{ include "demo.fullname" . }}', "  name: {{ .Values.rbac.roleName }}");
  edit("templates/rolebinding.yaml", 'Role\n  name: {{ include "demo.fullname" . }}', "Role\n  name: {{ .Values.rbac.roleName }}");
  // Opening a template renders the chart: its singular "pod" (from values.yaml) is underlined once rendered.
  // The typo then comes from outside the editor, in a template never opened.
  await quickOpen(page, "role.yaml");
  await page.waitForSelector(".monaco-editor .view-lines:has-text('roleName')");
  await page.waitForSelector(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error", { timeout: 60_000 });
  edit("templates/rolebinding.yaml", "Role\n  name: {{ .Values.rbac.roleName }}", "Role\n  name: app-readr");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+Shift+M");
  await page.waitForSelector('.markers-panel .monaco-list-row:has-text("app-readr")', { timeout: 60_000 });
  await page.waitForSelector('.markers-panel .monaco-list-row:has-text("rolebinding.yaml")');
  return shot("chart-problems");
}

/** The chart of `chartOnDisk`, its typo fixed and its rule on pods: with what-if on, Who can…? names its ServiceAccount. */
async function whoCanChart(page, shot, workspace) {
  const edit = (rel, from, to) => {
    const file = path.join(workspace, "demo-chart", rel);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(from, to));
  };
  edit("values.yaml", "resource: pod\n", "resource: pods\n");
  edit("templates/rolebinding.yaml", "Role\n  name: app-readr", "Role\n  name: {{ .Values.rbac.roleName }}");
  await runFromPalette(page, "kube-rbac: Toggle What-If");
  await page.waitForSelector('.monaco-list-row:has-text("What-if:")', { timeout: 60_000 });
  await runFromPalette(page, "kube-rbac: Who Can");
  await pick(page, "list");
  await pick(page, "pods");
  await pick(page, "default");
  const view = page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
  await view.locator("li", { hasText: "ServiceAccount default/release-name-demo" }).first().waitFor({ timeout: 30_000 });
  return shot("who-can-chart");
}

/**
 * Opens a workspace file with Quick Open. A page that takes the focus as it finishes loading (the
 * walkthrough focuses its first step) closes a quick input opened meanwhile, so this opens it again.
 */
async function quickOpen(page, name) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    try {
      await page.waitForSelector(".quick-input-widget:visible input", { timeout: 10_000 });
      await page.keyboard.type(name);
      await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${name}")`, { timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await page.keyboard.press("Enter");
}

async function runFromPalette(page, title) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget:visible input");
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${title.replace(/^kube-rbac: /, "")}")`);
  await page.keyboard.press("Enter");
}

/** Chooses the quick pick item whose label is exactly `label`. */
async function pick(page, label) {
  await page.waitForSelector(".quick-input-widget:visible input");
  await page.keyboard.type(label);
  const row = page
    .locator(".quick-input-list .monaco-list-row")
    .filter({ has: page.locator(".label-name", { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`) }) });
  await row.first().click({ timeout: 15_000 });
}

async function expand(child, parent) {
  if (await child.count()) return;
  await parent.locator(".monaco-tl-twistie").click();
  await child.waitFor({ timeout: 15_000 });
}

function lineOf(workspace, needle) {
  const lines = fs.readFileSync(path.join(workspace, "team-a.yaml"), "utf8").split("\n");
  return lines.findIndex((l) => l.includes(needle)) + 1;
}
