import { strict as assert } from "node:assert";
import * as path from "node:path";
import { CORPUS_DIR } from "../support/corpus";
import { TestClient } from "./lsp-client";

describe("server: workspace scan", () => {
  it("follows symbolic links to files and folders", async () => {
    const client = await TestClient.start({
      links: {
        "linked.yaml": path.join(CORPUS_DIR, "fluxcd__flux2__manifests_rbac_view.yaml"),
        templated: path.join(CORPUS_DIR, "templated"),
      },
    });
    try {
      const scanned = await client.scanned;
      assert.equal(scanned.files, 5);
      const symbols = await client.workspaceSymbols("flux-view");
      assert.deepEqual(
        symbols.map((s) => [s.name, s.location.uri]),
        [["flux-view", client.uri("linked.yaml")]],
      );
    } finally {
      await client.stop();
    }
  });
});
