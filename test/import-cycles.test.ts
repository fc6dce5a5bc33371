// No import cycles among the project's sources: each layer reads as a tree of modules, which keeps
// splitting and reviewing them possible (type-only imports count too).
import { strict as assert } from "node:assert";
import { REPO_ROOT } from "./support/corpus";
import { findCycles, importGraph } from "./support/import-graph";

describe("import cycles", () => {
  let graph: Map<string, string[]>;
  before(function () {
    this.timeout(60_000);
    graph = importGraph(REPO_ROOT);
  });

  it("finds cycles of any length, self-imports included, each once from its smallest file", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts", "d.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
      ["f.ts", ["g.ts"]],
      ["g.ts", ["f.ts", "d.ts"]],
    ]);
    assert.deepEqual(findCycles(graph), [
      ["a.ts", "b.ts", "c.ts", "a.ts"],
      ["e.ts", "e.ts"],
      ["f.ts", "g.ts", "f.ts"],
    ]);
    assert.deepEqual(
      findCycles(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
      [],
    );
  });

  it("reads relative imports, type imports and re-exports of the sources", () => {
    assert.ok(graph.get("core/catalog/index.ts")?.includes("core/catalog/lookup.ts"), "export * from ./lookup");
    assert.ok(graph.get("core/explain.ts")?.includes("core/catalog/index.ts"), "import type from ./catalog/index");
    assert.ok(graph.get("test/vscode/run-code-server.mjs")?.includes("test/vscode/ui-pass.mjs"), "an .mjs import");
  });

  it("the project's sources import each other without a cycle", () => {
    const cycles = findCycles(graph);
    assert.deepEqual(cycles, [], `import cycles:\n${cycles.map((c) => `  ${c.join(" → ")}`).join("\n")}`);
  });
});
