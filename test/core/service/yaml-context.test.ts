import { strict as assert } from "node:assert";
import { ChunkedParser } from "../../../core/service/chunked-parse";
import { contextAt } from "../../../core/service/yaml-context";

function at(marked: string) {
  const offset = marked.indexOf("|");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const ctx = contextAt(new ChunkedParser().parse(text, "f"), offset)!;
  return {
    path: ctx.path,
    on: ctx.on,
    list: ctx.list,
    emptyValue: ctx.emptyValue,
    wordText: ctx.wordText,
    objectPrefix: ctx.objectPrefix,
    emptyDocument: ctx.emptyDocument,
  };
}

type Context = ReturnType<typeof at>;

/** The context expected: not in a list, not empty, no word, at the top of its document, unless `rest` says otherwise. */
function context(path: Context["path"], on: Context["on"], rest: Partial<Context> = {}): Context {
  return { path, on, list: undefined, emptyValue: false, wordText: "", objectPrefix: [], emptyDocument: false, ...rest };
}

describe("core/service/yaml-context", () => {
  it("finds the caret in a flow list, a block list, an empty value, and inside a List", () => {
    assert.deepEqual(
      at("kind: Role\nrules:\n- verbs: [get, li|]\n"),
      context(["rules", 0, "verbs", 1], "value", { list: "flow", wordText: "li" }),
    );
    assert.deepEqual(
      at("kind: Role\nrules:\n- verbs: [get, |]\n"),
      context(["rules", 0, "verbs"], "value", { list: "flow", emptyValue: true }),
    );
    assert.deepEqual(
      at("kind: Role\nrules:\n- verbs:\n  - get\n  - |\n"),
      context(["rules", 0, "verbs", 1], "value", { list: "block", emptyValue: true }),
    );
    assert.deepEqual(at("kind: Role\nrules:\n- verbs: |\n"), context(["rules", 0, "verbs"], "value", { emptyValue: true }));
    assert.deepEqual(
      at("kind: List\nitems:\n- kind: RoleBinding\n  roleRef: {kind: Role, name: rea|}\n"),
      context(["roleRef", "name"], "value", { wordText: "rea", objectPrefix: ["items", 0] }),
    );
    assert.deepEqual(at("kind: Role\nmeta|data: {}\n"), context(["metadata"], "key", { wordText: "metadata" }));
    assert.deepEqual(at("a: 1\n---\n|"), context([], "key", { emptyValue: true, emptyDocument: true }));
  });
});
