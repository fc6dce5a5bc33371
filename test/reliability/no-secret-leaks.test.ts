// No credential reaches what a user or a log sees. The whole command-line flow runs against the real API
// server with credentials we can recognise — the lister's real bearer token, client-certificate and key
// data, an exec plugin's token and its stderr — through success and through failure (a wrong token, a
// failing plugin, garbage from a plugin, an unreachable server), and every byte the CLI prints, every
// file it writes and everything the language server publishes or logs is searched for them.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { run } from "../../cli/run";
import { useApiServer } from "../support/apiserver";
import { KUBECONFIG_FIXTURES } from "../support/fixtures";
import { TestClient } from "../server/lsp-client";

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
  "current-context": string;
}

const PLUGIN = path.join(KUBECONFIG_FIXTURES, "exec-plugin.js");
const EXEC_TOKEN_WRONG = "fake-SECRET-exec-token-0xfeedface";
const WRONG_TOKEN = "fake-SECRET-static-token-0xdeadbeef";

describe("no secret leaks (whole command-line and language-server flow)", function () {
  this.timeout(180_000);
  const server = useApiServer();
  let dir: string;
  const secrets: string[] = [];
  const seen: { where: string; text: string }[] = [];

  /** A kubeconfig user whose credentials come from the test's exec plugin, told what to do by one variable. */
  const execPlugin = (name: string, value: string) => ({
    exec: {
      apiVersion: "client.authentication.k8s.io/v1",
      command: process.execPath,
      args: [PLUGIN],
      env: [{ name, value }],
      interactiveMode: "Never",
    },
  });
  const kubeconfigWith = (name: string, user: Record<string, unknown>, serverUrl?: string): string => {
    const kc = parse(fs.readFileSync(server().kubeconfig("admin"), "utf8")) as Kubeconfig;
    kc.users = [{ name: "u", user }];
    kc.contexts = [{ name: "c", context: { cluster: kc.clusters[0].name, user: "u" } }];
    kc["current-context"] = "c";
    if (serverUrl) kc.clusters[0].cluster.server = serverUrl;
    const file = path.join(dir, `${name}.kubeconfig`);
    fs.writeFileSync(file, stringify(kc));
    return file;
  };

  async function cli(where: string, ...argv: string[]): Promise<number> {
    let out = "";
    let err = "";
    const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    seen.push({ where: `${where} (stdout)`, text: out }, { where: `${where} (stderr)`, text: err });
    return code;
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-leaks-"));
    const lister = (parse(fs.readFileSync(server().kubeconfig("lister"), "utf8")) as Kubeconfig).users[0].user;
    const admin = (parse(fs.readFileSync(server().kubeconfig("admin"), "utf8")) as Kubeconfig).users[0].user;
    const cert = String(admin["client-certificate-data"]);
    const key = String(admin["client-key-data"]);
    // The secrets, raw and decoded (a PEM body must not appear either), and the plugin's.
    secrets.push(
      String(lister.token),
      key,
      Buffer.from(key, "base64").toString("utf8").split("\n")[1],
      WRONG_TOKEN,
      EXEC_TOKEN_WRONG,
      "fake-refresh-SECRET-987654",
      "fake-garbage-SECRET-123456",
    );
    assert.ok(cert.length > 0 && secrets.every((s) => s.length > 16));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints and writes no credential, whatever happens", async () => {
    const lister = (parse(fs.readFileSync(server().kubeconfig("lister"), "utf8")) as Kubeconfig).users[0].user;
    const admin = server().kubeconfig("admin");
    const listerKc = server().kubeconfig("lister");
    const execOk = kubeconfigWith("exec-ok", execPlugin("PLUGIN_TOKEN", String(lister.token)));
    const execWrong = kubeconfigWith("exec-wrong", execPlugin("PLUGIN_TOKEN", EXEC_TOKEN_WRONG));
    const execFail = kubeconfigWith("exec-fail", execPlugin("PLUGIN_MODE", "fail"));
    const execGarbage = kubeconfigWith("exec-garbage", execPlugin("PLUGIN_MODE", "garbage"));
    const wrongToken = kubeconfigWith("wrong-token", { token: WRONG_TOKEN });
    const unreachable = kubeconfigWith("unreachable", { token: String(lister.token) }, "https://127.0.0.1:1");
    const snapshot = path.join(dir, "snapshot.yaml");

    const codes: Record<string, number> = {};
    for (const [name, kc] of Object.entries({ admin, listerKc, execOk, execWrong, execFail, execGarbage, wrongToken, unreachable })) {
      codes[`${name} can-i`] = await cli(`${name} can-i`, "can-i", "list", "roles", "-n", "team-a", "--kubeconfig", kc, "--explain");
      codes[`${name} who-can`] = await cli(
        `${name} who-can`,
        "who-can",
        "get",
        "secrets",
        "-n",
        "team-a",
        "--kubeconfig",
        kc,
        "-o",
        "json",
      );
      codes[`${name} permissions`] = await cli(`${name} permissions`, "permissions", "--as", "lister", "--kubeconfig", kc);
    }
    codes.snapshot = await cli("snapshot", "snapshot", "-o", snapshot, "--kubeconfig", admin);
    seen.push({ where: "snapshot file", text: fs.readFileSync(snapshot, "utf8") });
    // The flows really ran: successes where the credentials are good, clear failures where they are not.
    assert.equal(codes["admin can-i"], 0);
    assert.equal(codes["listerKc can-i"], 0);
    assert.equal(codes["execOk can-i"], 0);
    assert.equal(codes.snapshot, 0);
    for (const bad of ["execWrong", "execFail", "execGarbage", "wrongToken", "unreachable"]) assert.equal(codes[`${bad} who-can`], 2, bad);
    assert.ok(
      seen.some((s) => /refused the credentials|401|Unauthorized/i.test(s.text)),
      "a 401 was reported",
    );
    assert.ok(
      seen.some((s) => /exec|plugin/i.test(s.text) && s.where.startsWith("execFail")),
      "the failing plugin was reported",
    );
    assertNoSecret();
  });

  it("publishes and logs no credential from the language server, even for a kubeconfig in the workspace", async () => {
    const lister = (parse(fs.readFileSync(server().kubeconfig("lister"), "utf8")) as Kubeconfig).users[0].user;
    const client = await TestClient.start({ settings: { logLevel: "debug" } });
    try {
      // A kubeconfig committed to a repository is YAML like any other: it must not come back in a message.
      const doc = await client.open(
        "kubeconfig.yaml",
        stringify({ apiVersion: "v1", kind: "Config", users: [{ name: "u", user: { token: String(lister.token) } }] }),
      );
      const rbac = await client.open(
        "rbac.yaml",
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\nroleRef: {kind: ClusterRole, name: ${WRONG_TOKEN}}\nsubjects: [{kind: User, name: ${EXEC_TOKEN_WRONG}}]\n`,
      );
      seen.push({ where: "diagnostics of a kubeconfig", text: JSON.stringify(await doc.diagnostics()) });
      seen.push({ where: "hover on the kubeconfig token", text: JSON.stringify(await doc.hover(0)) });
      const d = await rbac.diagnostics();
      // Names the user wrote are theirs to see (a roleRef name is not a credential); the lister's token is.
      seen.push({ where: "server logs", text: client.logs.join("\n") });
      assert.ok(Array.isArray(d));
    } finally {
      await client.stop();
    }
    const found = seen.filter((s) => s.text.includes(String(lister.token)));
    assert.deepEqual(
      found.map((s) => s.where),
      [],
    );
  });

  function assertNoSecret(): void {
    const leaks: string[] = [];
    for (const s of seen)
      for (const secret of secrets) if (s.text.includes(secret)) leaks.push(`${s.where} contains ${secret.slice(0, 12)}…`);
    assert.deepEqual(leaks, []);
    console.log(
      `      searched ${seen.length} outputs (${seen.reduce((n, s) => n + s.text.length, 0)} characters) for ${secrets.length} secrets: none found`,
    );
  }
});
