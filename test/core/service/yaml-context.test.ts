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

describe("core/service/yaml-context", () => {
  it("finds the caret in a flow list, a block list, an empty value, and inside a List", () => {
    assert.deepEqual(at("kind: Role\nrules:\n- verbs: [get, li|]\n"), {
      path: ["rules", 0, "verbs", 1],
      on: "value",
      list: "flow",
      emptyValue: false,
      wordText: "li",
      objectPrefix: [],
      emptyDocument: false,
    });
    assert.deepEqual(at("kind: Role\nrules:\n- verbs: [get, |]\n"), {
      path: ["rules", 0, "verbs"],
      on: "value",
      list: "flow",
      emptyValue: true,
      wordText: "",
      objectPrefix: [],
      emptyDocument: false,
    });
    assert.deepEqual(at("kind: Role\nrules:\n- verbs:\n  - get\n  - |\n"), {
      path: ["rules", 0, "verbs", 1],
      on: "value",
      list: "block",
      emptyValue: true,
      wordText: "",
      objectPrefix: [],
      emptyDocument: false,
    });
    assert.deepEqual(at("kind: Role\nrules:\n- verbs: |\n"), {
      path: ["rules", 0, "verbs"],
      on: "value",
      list: undefined,
      emptyValue: true,
      wordText: "",
      objectPrefix: [],
      emptyDocument: false,
    });
    assert.deepEqual(at("kind: List\nitems:\n- kind: RoleBinding\n  roleRef: {kind: Role, name: rea|}\n"), {
      path: ["roleRef", "name"],
      on: "value",
      list: undefined,
      emptyValue: false,
      wordText: "rea",
      objectPrefix: ["items", 0],
      emptyDocument: false,
    });
    assert.deepEqual(at("kind: Role\nmeta|data: {}\n"), {
      path: ["metadata"],
      on: "key",
      list: undefined,
      emptyValue: false,
      wordText: "metadata",
      objectPrefix: [],
      emptyDocument: false,
    });
    assert.deepEqual(at("a: 1\n---\n|"), {
      path: [],
      on: "key",
      list: undefined,
      emptyValue: true,
      wordText: "",
      objectPrefix: [],
      emptyDocument: true,
    });
  });
});
