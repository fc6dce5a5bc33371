import { strict as assert } from "node:assert";
import { ClusterError, ExecConfig, parseExecCredential, runExecPlugin } from "../../cluster";
import { kubeconfigFixture, KUBECONFIG_FIXTURES } from "../support/fixtures";

function plugin(mode: string, extra: Partial<ExecConfig> = {}): ExecConfig {
  return {
    apiVersion: "client.authentication.k8s.io/v1",
    command: process.execPath,
    args: [kubeconfigFixture("exec-plugin.js")],
    env: [
      { name: "PLUGIN_MODE", value: mode },
      { name: "PLUGIN_TOKEN", value: "fake-exec-token-ABCDEF123" },
    ],
    provideClusterInfo: false,
    interactiveMode: "IfAvailable",
    baseDir: KUBECONFIG_FIXTURES,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ClusterError, String(e));
    return { kind: e.kind, message: e.message };
  }
  assert.fail("expected a failure");
}

describe("exec credential plugins", () => {
  it("returns the token and streams the plugin's stderr (the device-code prompt) to the caller", async () => {
    const seen: string[] = [];
    const cred = await runExecPlugin(plugin("token"), { onOutput: (t) => seen.push(t) });
    assert.deepEqual(cred, { token: "fake-exec-token-ABCDEF123" });
    assert.match(seen.join(""), /enter the code ABCD-EFGH/);
  });

  it("passes KUBERNETES_EXEC_INFO with the cluster when provideClusterInfo is set, and never changes process.env", async () => {
    const cluster = {
      name: "c",
      server: "https://127.0.0.1:6443",
      insecureSkipTlsVerify: false,
      certificateAuthorityData: "Q0E=",
      file: "f",
    };
    const cred = await runExecPlugin(plugin("info", { provideClusterInfo: true }), { cluster });
    const info = JSON.parse(Buffer.from(cred.token!, "base64").toString("utf8")) as unknown;
    assert.deepEqual(info, {
      apiVersion: "client.authentication.k8s.io/v1",
      kind: "ExecCredential",
      spec: { interactive: false, cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": "Q0E=" } },
    });
    assert.equal(process.env.PLUGIN_MODE, undefined);
  });

  it("a failing plugin gives a clear error that does not quote its output", async () => {
    const f = await failure(runExecPlugin(plugin("fail"), { onOutput: () => {} }));
    assert.deepEqual(f, {
      kind: "exec",
      message: `The exec credential plugin "node" exited with code 3; its messages (if any) were shown in the output.`,
    });
  });

  it("a hanging plugin is killed after the timeout", async () => {
    const f = await failure(runExecPlugin(plugin("hang"), { timeoutMs: 300 }));
    assert.deepEqual(f, { kind: "timeout", message: `The exec credential plugin "node" did not finish within 300 ms and was stopped.` });
  });

  it("garbage, a wrong kind, a missing command and interactive-only plugins are clear errors", async () => {
    assert.deepEqual(await failure(runExecPlugin(plugin("garbage"))), {
      kind: "exec",
      message: `The exec credential plugin "node" printed something that is not JSON on stdout (expected an ExecCredential).`,
    });
    assert.deepEqual(await failure(runExecPlugin(plugin("wrong-kind"))), {
      kind: "exec",
      message: `The exec credential plugin "node" printed JSON that is not an ExecCredential.`,
    });
    assert.deepEqual(
      await failure(runExecPlugin(plugin("token", { command: "kube-rbac-no-such-plugin", installHint: "Install it from example.org." }))),
      {
        kind: "exec",
        message: `The exec credential plugin "kube-rbac-no-such-plugin" was not found. Install it from example.org.`,
      },
    );
    assert.deepEqual(await failure(runExecPlugin(plugin("token", { interactiveMode: "Always" }))), {
      kind: "exec",
      message: `The exec credential plugin "node" requires an interactive terminal (interactiveMode: Always); run a kubectl command in a terminal to sign in first.`,
    });
  });

  it("parses ExecCredentials strictly", () => {
    const v1 = "client.authentication.k8s.io/v1";
    assert.deepEqual(
      parseExecCredential(
        JSON.stringify({ apiVersion: v1, kind: "ExecCredential", status: { token: "t", expirationTimestamp: "2030-01-01T00:00:00Z" } }),
        v1,
      ),
      {
        token: "t",
        expiresAt: Date.parse("2030-01-01T00:00:00Z"),
      },
    );
    assert.equal(
      parseExecCredential(JSON.stringify({ apiVersion: v1, kind: "ExecCredential", status: {} }), v1),
      "returned an ExecCredential with neither a token nor a client certificate and key.",
    );
    assert.equal(
      parseExecCredential(JSON.stringify({ apiVersion: v1, kind: "ExecCredential", status: { clientCertificateData: "c" } }), v1),
      "returned an ExecCredential with neither a token nor a client certificate and key.",
    );
    assert.equal(parseExecCredential("", v1), "printed nothing on stdout (expected an ExecCredential in JSON).");
  });
});
