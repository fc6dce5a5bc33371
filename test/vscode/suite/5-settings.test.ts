// package.json's settings agree with what the code reads (client config and the server's section).
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { CLIENT_SETTINGS, RESTRICTED_SETTINGS, SERVER_SETTINGS } from "../../../client/config";
import { EXTENSION_ID } from "./helpers";

interface Prop {
  type: string;
  default: unknown;
  scope?: string;
  description?: string;
  markdownDescription?: string;
}

describe("settings", () => {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
    contributes: { configuration: { properties: Record<string, Prop> } };
    capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  };
  const props = pkg.contributes.configuration.properties;

  it("declares exactly the settings the code reads, with the same defaults", () => {
    const read = { ...CLIENT_SETTINGS, ...SERVER_SETTINGS } as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(props).sort(),
      Object.keys(read)
        .map((k) => `kubeRbac.${k}`)
        .sort(),
    );
    for (const [k, d] of Object.entries(read)) assert.deepEqual(props[`kubeRbac.${k}`].default, d, `default of kubeRbac.${k}`);
    for (const [k, p] of Object.entries(props)) {
      assert.ok(p.description || p.markdownDescription, `${k} has a description`);
      assert.ok(p.scope, `${k} has a scope`);
      assert.equal(
        typeof p.default === "object" && !Array.isArray(p.default) ? "object" : Array.isArray(p.default) ? "array" : typeof p.default,
        p.type,
        `${k}: type matches default`,
      );
    }
    assert.equal(props["kubeRbac.kubeconfig"].scope, "machine");
  });

  it("restricts cluster access and custom paths in untrusted workspaces", () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, "limited");
    assert.deepEqual([...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [...RESTRICTED_SETTINGS].sort());
  });

  it("the runtime configuration sees the declared defaults", () => {
    const c = vscode.workspace.getConfiguration("kubeRbac");
    assert.equal(c.inspect("tree.pageSize")!.defaultValue, 500);
    assert.equal(c.inspect("kubeconfig")!.defaultValue, "");
  });
});
