import { strict as assert } from "node:assert";
import { GrantUsage, LoggedUsage } from "../../../core/audit/grant-usage";
import { NARROW_TITLE } from "../../../core/audit/narrow-edits";
import { unusedGrantFindings } from "../../../core/audit/unused-grant";
import { Finding, Identity } from "../../../core/model";
import { parseManifests } from "../../../core/parse";
import { RbacIndex } from "../../../core/rbac-index";
import { applyEdits, fixesOf } from "../checks/helpers";
import { devRole } from "../../support/manifests";
import { q, U } from "../builders";

function log(...entries: [Identity, string[]][]): LoggedUsage {
  const identities = entries.map(([identity, requests]) => ({ identity, requests: requests.map((r) => ({ request: q(r), count: 2 })) }));
  return {
    identities,
    total: 2 * identities.reduce((n, i) => n + i.requests.length, 0),
    from: "2026-01-01T00:00:00Z",
    to: "2026-01-02T00:00:00Z",
  };
}

const BINDING = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: dev}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: reader, apiGroup: rbac.authorization.k8s.io}
`;

const ROLE = devRole(
  "reader",
  `  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "delete"]
  - apiGroups:
      - apps
    resources:
      - deployments
      - statefulsets
    verbs:
      - get
      - watch
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
`,
);

function findings(text: string, usage: LoggedUsage): Finding[] {
  const parsed = parseManifests(text, "roles.yaml");
  return unusedGrantFindings(parsed, new GrantUsage(new RbacIndex(parsed.objects), usage), {});
}

const ALICE = log([U("alice"), ["get /pods p@dev", "list /pods -@dev", "get apps/deployments d@dev", "get /pods p@other"]]);
const slice = (text: string, f: Finding) => text.slice(f.span.start, f.span.end);

describe("core/audit/unused-grant", () => {
  const text = ROLE + BINDING;

  it("hints on each unused entry, and on a rule nothing used, saying whose requests and when", () => {
    const found = findings(text, ALICE);
    assert.deepEqual(
      found.map((f) => [f.code, f.severity, slice(text, f).split("\n")[0]]),
      [
        ["unused-grant", "hint", '"pods/log"'],
        ["unused-grant", "hint", '"delete"'],
        ["unused-grant", "hint", "statefulsets"],
        ["unused-grant", "hint", "watch"],
        ["unused-grant", "hint", 'apiGroups: [""]'],
      ],
    );
    assert.equal(
      found[1].message,
      'Unused grant: verb "delete" of this rule was used by no request it authorized in the audit log (6 logged requests of User alice between 2026-01-01T00:00:00Z and 2026-01-02T00:00:00Z).',
    );
    assert.match(found[4].message, /^Unused grant: no request authorized by this rule is in the audit log/);
    assert.ok(found.every((f) => f.data?.unnecessary === true));
  });

  it("the quick fix narrows the rule in its own style, and the hints go", () => {
    const found = findings(text, ALICE);
    const fix = fixesOf(found[0]).find((x) => x.title === NARROW_TITLE)!;
    let after = applyEdits(text, fix.edits);
    assert.ok(after.includes('resources: ["pods"]\n    verbs: ["get", "list"]\n'), after);
    const block = fixesOf(found[2]).find((x) => x.title === NARROW_TITLE)!;
    after = applyEdits(
      after,
      block.edits.map((e) => ({ ...e, span: shift(text, after, e.span) })),
    );
    assert.ok(after.includes("    resources:\n      - deployments\n    verbs:\n      - get\n"), after);
    const removal = fixesOf(findings(after, ALICE).at(-1)!).find((x) => x.title === NARROW_TITLE)!;
    after = applyEdits(after, removal.edits);
    assert.ok(!after.includes("secrets"), after);
    assert.deepEqual(findings(after, ALICE), []);
    assert.equal(parseManifests(after, "roles.yaml").findings.length, 0);
  });

  it("a role whose subjects are not in the log gets one hint on its name; a role bound to nobody none", () => {
    const found = findings(text, log([U("bob"), ["get /pods p@dev"]]));
    assert.deepEqual(
      found.map((f) => slice(text, f)),
      ["reader"],
    );
    assert.match(
      found[0].message,
      /^None of the subjects this role is given to \(User alice\) made a request in the audit log \(2 requests between/,
    );
    assert.deepEqual(findings(ROLE, ALICE), []);
  });

  it("severity settings and suppression comments apply", () => {
    const parsed = parseManifests(text, "roles.yaml");
    const g = new GrantUsage(new RbacIndex(parsed.objects), ALICE);
    assert.deepEqual(unusedGrantFindings(parsed, g, { settings: { severity: { "unused-grant": "off" } } }), []);
    assert.ok(
      unusedGrantFindings(parsed, g, { settings: { severity: { "unused-grant": "information" } } }).every(
        (f) => f.severity === "information",
      ),
    );
    const suppressed = text.replace(
      '  - apiGroups: [""]\n    resources: [secrets]',
      '  # kube-rbac-disable-next-line unused-grant\n  - apiGroups: [""]\n    resources: [secrets]',
    );
    assert.equal(findings(suppressed, ALICE).length, 4);
  });
});

/** The span of an edit computed on `before`, in `after` (which differs only before it). */
function shift(before: string, after: string, span: { start: number; end: number }) {
  const d = after.length - before.length;
  return { start: span.start + d, end: span.end + d };
}
