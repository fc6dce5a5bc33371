import { strict as assert } from "node:assert";
import { ChunkedFile, Unchanged } from "../../../core/service/chunked-parse";
import { TemplateReader } from "../../../core/service/template-reader";
import { devRole } from "../../support/manifests";

const run = <T>(steps: Generator<number, T, void>): T => {
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
};

const BASE = devRole(
  "reader",
  `- apiGroups: [""]
  resources: [pods]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: User, name: alice}]
`,
);

/** Read as a Helm template: checked in place, its masked text for the editor's features. */
const asTemplate = (file: ChunkedFile): boolean => file.wholeFile().maskedVariants !== undefined;

/** One editor change: `remove` characters at `at` replaced by `insert`. */
interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/** Applies the edits one after the other, each read with what the editor says is unchanged, against a fresh read of the same text. */
function readInTurn(start: string, edits: readonly Edit[]): { edited: boolean; fresh: boolean }[] {
  const reader = new TemplateReader();
  let text = start;
  run(reader.parseSteps(text, "f.yaml"));
  return edits.map((e) => {
    const next = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
    const unchanged: Unchanged = { base: text, prefix: e.at, suffix: text.length - e.at - e.remove };
    const edited = asTemplate(run(reader.parseSteps(next, "f.yaml", unchanged)));
    const fresh = asTemplate(run(new TemplateReader().parseSteps(next, "f.yaml")));
    text = next;
    return { edited, fresh };
  });
}

describe("core/service/template-reader", () => {
  const name = BASE.indexOf("reader");

  it("an edit that types a template action into a plain file makes it a template", () => {
    const results = readInTurn(BASE, [
      { at: name, remove: 0, insert: "x" },
      { at: name, remove: 1, insert: "{{ .Values.name }}" },
    ]);
    assert.deepEqual(results, [
      { edited: false, fresh: false },
      { edited: true, fresh: true },
    ]);
  });

  it("braces typed one at a time, next to a brace already there, are seen", () => {
    const at = BASE.indexOf("pods");
    const results = readInTurn(BASE, [
      { at, remove: 0, insert: "{" },
      { at: at + 1, remove: 0, insert: "{" },
      { at: at + 6, remove: 0, insert: "}" },
      { at: at + 7, remove: 0, insert: "}" },
    ]);
    assert.deepEqual(
      results.map((r) => r.edited),
      results.map((r) => r.fresh),
    );
    assert.equal(results[3].edited, true);
  });

  it("deleting the text between two braces makes them one action's", () => {
    const withGap = BASE.replace("pods", "{x{ .Values.r }x}");
    const at = withGap.indexOf("{x{") + 1;
    const results = readInTurn(withGap, [
      { at, remove: 1, insert: "" },
      { at: withGap.indexOf("}x}"), remove: 1, insert: "" },
    ]);
    assert.deepEqual(results, [
      { edited: false, fresh: false },
      { edited: true, fresh: true },
    ]);
  });

  it("removing a Jinja block from a file with both kinds of delimiters makes it a Helm template", () => {
    const both = BASE.replace("pods", "{{ .Values.r }}").replace("dev\nrules", "dev # {% raw %}\nrules");
    const at = both.indexOf(" # {% raw %}");
    const results = readInTurn(both, [{ at, remove: " # {% raw %}".length, insert: "" }]);
    assert.deepEqual(results, [{ edited: true, fresh: true }]);
  });

  it("an edit away from any brace keeps a plain file plain", () => {
    const results = readInTurn(BASE, [
      { at: name, remove: 6, insert: "writer" },
      { at: 0, remove: 0, insert: "# a comment\n" },
    ]);
    assert.deepEqual(results, [
      { edited: false, fresh: false },
      { edited: false, fresh: false },
    ]);
  });
});
