// Another authorizer after RBAC, as on AKS with Azure RBAC: the test server runs its loopback webhook
// (test/apiserver/webhook.go), which lets members of an Entra ID group (named by its object id) read
// Secrets that no RBAC object grants. `can-i` must show the server's answer beside RBAC's.

import { strict as assert } from "node:assert";
import { cli } from "../support/cli";
import { detectAks, loadKubeconfig, resolveContext } from "../../cluster";
import { useApiServer } from "../support/apiserver";

const ENTRA_GROUP = "6f2c8e4a-1b3d-4c5e-9f70-8a9b0c1d2e3f";
const REASON = `Azure RBAC stand-in: group ${ENTRA_GROUP} may read secrets`;

describe("a webhook authorizer after RBAC (Azure RBAC stand-in)", function () {
  this.timeout(120_000);
  const server = useApiServer({ webhookAuthorizer: true });

  it("the server runs it: ready.json says so and names the Entra user", () => {
    const ready = server().ready as unknown as { webhook: boolean; users: Record<string, string> };
    assert.equal(ready.webhook, true);
    assert.equal(ready.users.entra, "reader@contoso.example");
  });

  it("can-i --as: RBAC says no, the server yes; the text says both, the JSON has both", async () => {
    const kc = server().kubeconfig("admin");
    const args = ["can-i", "list", "secrets", "-n", "team-a", "--as", "someone", "--as-group", ENTRA_GROUP, "--kubeconfig", kc];
    const text = await cli(...args);
    assert.equal(text.code, 1);
    assert.equal(text.out, `no\nnote: the API server answers yes (${REASON}): another authorizer decides too\n`);
    const json = JSON.parse((await cli(...args, "-o", "json")).out) as Record<string, unknown>;
    assert.deepEqual(
      { allowed: json.allowed, rbacAllows: json.rbacAllows, server: json.server, incomplete: json.incomplete },
      { allowed: false, rbacAllows: false, server: { allowed: true, reason: REASON }, incomplete: false },
    );
  });

  it("can-i where both agree prints no note", async () => {
    const kc = server().kubeconfig("admin");
    const write = await cli("can-i", "create", "secrets", "-n", "team-a", "--as", "someone", "--as-group", ENTRA_GROUP, "--kubeconfig", kc);
    assert.deepEqual([write.code, write.out], [1, "no\n"]);
    const other = await cli("can-i", "list", "secrets", "-n", "team-a", "--as", "someone", "--kubeconfig", kc, "-o", "json");
    assert.deepEqual((JSON.parse(other.out) as { server: unknown }).server, { allowed: false, reason: "" });
  });

  it("can-i as the Entra user itself, who may list no RBAC object: the server's answer decides, and says so", async () => {
    const r = await cli("can-i", "list", "secrets", "-n", "team-a", "--kubeconfig", server().kubeconfig("entra"));
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      `yes\nnote: this is the API server's answer (${REASON}); the RBAC objects that could be read say no, but part of the cluster is hidden from this identity\n`,
    );
    assert.match(r.err, /incomplete: cannot list roles in namespace team-a: forbidden/);
  });

  it("tells a local admin account (client certificate in system:masters) from other credentials", () => {
    const local = (user: "admin" | "nobody" | "entra") => {
      const kc = loadKubeconfig({ explicitPath: server().kubeconfig(user) });
      assert.ok(kc.ok);
      const ctx = resolveContext(kc.config);
      assert.ok(ctx.ok);
      return detectAks(ctx.value).localAdmin;
    };
    assert.deepEqual(
      [local("admin"), local("nobody"), local("entra")],
      ["a client certificate in the group system:masters", undefined, undefined],
    );
  });
});
