// The command palette: every contributed command is registered, titles do not shadow each other, the
// commands that need a subject or a request ask for it, and the walkthrough's commands do their step.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { api, EXTENSION_ID, setSetting, waitForState } from "./helpers";

interface Contributed {
  command: string;
  title: string;
  category?: string;
}

const pkg = () =>
  vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
    contributes: {
      commands: Contributed[];
      menus: { commandPalette: { command: string; when: string }[] };
      walkthroughs: { id: string; steps: { id: string; description: string; completionEvents: string[] }[] }[];
    };
  };

/** Answers the next quick picks with the items whose label is given, in order; restores the real one after. */
async function withPicks<T>(labels: string[], run: () => Thenable<T>): Promise<{ result: T; titles: string[] }> {
  const real = vscode.window.showQuickPick;
  const titles: string[] = [];
  const queue = [...labels];
  (vscode.window as { showQuickPick: unknown }).showQuickPick = async (
    items: readonly (vscode.QuickPickItem | string)[] | Thenable<readonly (vscode.QuickPickItem | string)[]>,
    options?: vscode.QuickPickOptions,
  ) => {
    titles.push(options?.title ?? "");
    const want = queue.shift();
    const all = await items;
    const hit = all.find((i) => (typeof i === "string" ? i : i.label) === want);
    assert.ok(hit, `"${want}" among ${all.length} items of "${options?.title}"`);
    return hit;
  };
  try {
    return { result: await run(), titles };
  } finally {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = real;
  }
}

describe("commands and the walkthrough", () => {
  before(async () => {
    await setSetting("cluster.exampleSnapshot", true);
    await waitForState(await api(), (s) => s.kind === "ready" && s.source === "example", "the example snapshot");
  });

  it("registers every contributed command, with titles that do not shadow each other", async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = pkg().contributes.commands;
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c.command)).map((c) => c.command),
      [],
    );
    // Typing a command's title in the palette must find that command first, not another containing it.
    const titles = contributed.map((c) => c.title.toLowerCase().replace(/[…?]/g, ""));
    for (const t of titles)
      assert.deepEqual(
        titles.filter((o) => o !== t && o.startsWith(t)),
        [],
        t,
      );
    assert.deepEqual(
      contributed.filter((c) => /what-if/i.test(c.title)).map((c) => c.command),
      ["kubeRbac.toggleWhatIf"],
    );
  });

  it("offers the answering commands in the palette only when RBAC is loaded", () => {
    const palette = new Map(pkg().contributes.menus.commandPalette.map((m) => [m.command, m.when]));
    for (const c of ["showDetails", "exportPermissions", "whatIfDiff", "toggleWhatIf", "findSubject"])
      assert.equal(palette.get(`kubeRbac.${c}`), "kubeRbac.state == 'ready'", c);
    // These also answer from the workspace's manifests when no cluster or snapshot is loaded.
    for (const c of ["whoCan", "canI", "whoAmI"])
      assert.equal(palette.get(`kubeRbac.${c}`), "kubeRbac.state == 'ready' || workspaceFolderCount > 0", c);
    assert.equal(palette.get("kubeRbac.exportResult"), "kubeRbac.hasResult");
    assert.equal(palette.get("kubeRbac.openSource"), "false");
  });

  it("Show Permissions of… asks for the subject", async () => {
    const a = await api();
    const { titles } = await withPicks(["team-b/ci-bot"], () => vscode.commands.executeCommand("kubeRbac.showDetails"));
    assert.deepEqual(titles, ["Show the permissions of"]);
    assert.match(a.results.report!.verdict, /^ServiceAccount team-b\/ci-bot holds \d+ permissions in \d+ scopes?, \d+ risky\.$/);
  });

  it("Who Can…? asks for the verb and the resource", async () => {
    const a = await api();
    const { titles } = await withPicks(["delete", "secrets", "team-b"], () => vscode.commands.executeCommand("kubeRbac.whoCan"));
    assert.deepEqual(titles, ["Who can: verb", "Who can: delete …", "Who can: delete secrets in …"]);
    assert.equal(a.results.report!.title, "Who can delete secrets in namespace team-b");
  });

  it("Can I…? on a snapshot asks which identity to answer as", async () => {
    const a = await api();
    await vscode.commands.executeCommand("kubeRbac.forgetIdentity");
    const { result, titles } = await withPicks(["alice@contoso.com"], () =>
      vscode.commands.executeCommand<{ verdict: string }>("kubeRbac.canI", { verb: "list", resource: "pods", namespace: "team-a" }),
    );
    assert.match(titles[0]!, /^Can I \(.*\): answer as$/);
    assert.equal(result.verdict, "Yes: alice@contoso.com may list pods in namespace team-a.");
    assert.match(a.results.report!.note!, /not the API server's/);
    await vscode.commands.executeCommand("kubeRbac.forgetIdentity");
  });

  it("answers Who Can…? from the workspace's manifests when nothing is loaded", async () => {
    const a = await api();
    await setSetting("cluster.exampleSnapshot", false);
    try {
      await waitForState(a, (s) => s.kind === "no-kubeconfig", "no kubeconfig, no example");
      const r = await vscode.commands.executeCommand<{ subjects: { kind: string; name: string; namespace: string }[] }>("kubeRbac.whoCan", {
        verb: "update",
        resource: "deployments",
        namespace: "team-b",
      });
      // Only the workspace: proposed-team-b.yaml gives alice release-manager in team-b.
      assert.deepEqual(r.subjects, [{ kind: "User", name: "alice@contoso.com", namespace: "" }]);
      assert.match(a.results.report!.note!, /Source: the workspace's manifests\. RBAC's answer, computed here, not the API server's\./);
    } finally {
      await setSetting("cluster.exampleSnapshot", true);
      await waitForState(a, (s) => s.kind === "ready" && s.source === "example", "the example snapshot again");
    }
  });

  it("declares a walkthrough whose steps run kube-rbac commands", async () => {
    const [w] = pkg().contributes.walkthroughs;
    assert.equal(w!.id, "kubeRbac.getStarted");
    assert.deepEqual(
      w!.steps.map((s) => s.id),
      ["openExample", "fixTypo", "permissions", "whoCan"],
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const s of w!.steps) {
      const linked = [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.equal(linked.length, 1, s.id);
      assert.ok(registered.has(linked[0]!), linked[0]);
      assert.ok(s.completionEvents.includes(`onCommand:${linked[0]}`), s.id);
    }
  });

  it("the walkthrough opens the example and lands on its first typo with the quick fixes", async () => {
    const uri = await vscode.commands.executeCommand<string>("kubeRbac.walkthrough.openExample");
    assert.match(uri, /\/team-a\.yaml$/);
    const typo = await vscode.commands.executeCommand<{ line: number; code: string; message: string }>("kubeRbac.walkthrough.showTypo");
    assert.equal(typo.code, "invalid-api-group");
    assert.match(typo.message, /^No API group is called "core"/);
    assert.equal(vscode.window.activeTextEditor!.selection.active.line, typo.line);
  });
});
