// The result view's HTML (client/results/html.ts) outside the editor: escaped text, numbered links, the
// page's security policy.
import { strict as assert } from "node:assert";
import { reportHtml } from "../../../client/results/html";
import { grantLinks, Report } from "../../../client/results/report";
import { Provenance } from "../../../core/effective";
import { parseManifests } from "../../../core/parse";
import { BindingObject, RoleObject } from "../../../core/model";

const [role, binding] = parseManifests(
  `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: dev}
rules:
  - {apiGroups: [""], resources: [pods], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
`,
  "rbac.yaml",
).objects as [RoleObject, BindingObject];
const provenance: Provenance = { binding, bindingNamespace: "dev", role, ruleIndex: 0, rule: role.rules[0] };

const report: Report = {
  kind: "can-i",
  title: "Can <alice> get pods?",
  verdict: 'Yes: "alice" may get pods & more.',
  tone: "yes",
  note: "From <snapshot>.",
  sections: [
    { heading: "Allowed by", lines: [{ text: "rules[0] of Role reader", code: "verbs: [<get>]", links: grantLinks(provenance) }] },
  ],
  json: "{}",
};

describe("client/results/html", () => {
  it("escapes every text of the report and puts the verdict first", () => {
    const html = reportHtml(report, "n0nce", "vscode-resource:");
    const body = html.slice(html.indexOf("<body"));
    assert.match(body, /<p class="verdict yes" id="verdict">Yes: &quot;alice&quot; may get pods &amp; more\.<\/p>/);
    assert.match(body, /<h1>Can &lt;alice&gt; get pods\?<\/h1>/);
    assert.match(body, /<pre><code>verbs: \[&lt;get&gt;\]<\/code><\/pre>/);
    assert.doesNotMatch(body, /<alice>|<snapshot>|<get>/);
  });

  it("numbers the links in order, for the view's script to open", () => {
    const html = reportHtml(report, "n0nce", "vscode-resource:");
    assert.deepEqual(
      [...html.matchAll(/data-link="(\d+)" title="Open ([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`),
      ["0 RoleBinding dev/read", "1 Role dev/reader", "2 rules[0]"],
    );
  });

  it("allows only its own script and styles", () => {
    const html = reportHtml(report, "n0nce", "vscode-resource:");
    assert.match(html, /content="default-src 'none'; style-src vscode-resource: 'nonce-n0nce'; script-src 'nonce-n0nce';"/);
    assert.equal([...html.matchAll(/<script(?![^>]*nonce="n0nce")/g)].length, 0);
  });
});
