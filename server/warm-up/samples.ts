// The warm-up's sample documents (server/warm-up/warm-up.ts): RBAC files that take the paths real files
// take through the parser and the checks. The documents are the fixtures in samples.yaml, numbered and
// namespaced per copy, and roles drawn from the built-in catalog; a sample file is built from them.
import { builtInCatalog, resourceKey } from "../../core/catalog/index";
import samplesText from "./samples-text";

/** The fixtures of samples.yaml by name ("0" to "11", "14a"...). */
export function readSamples(text: string): ReadonlyMap<string, string> {
  const samples = new Map<string, string>();
  for (const part of text.split(/^--- # sample /m).slice(1)) {
    const newline = part.indexOf("\n");
    samples.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return samples;
}

let loaded: ReadonlyMap<string, string> | undefined;

function samples(): ReadonlyMap<string, string> {
  return (loaded ??= readSamples(samplesText));
}

/** Sample document `n`: a fixture with its placeholders filled in, or a role drawn from the catalog. */
function sampleDocument(n: number): string {
  const kind = n % 16;
  if (kind === 12) return catalogRole(n, "ClusterRole");
  if (kind === 13) return catalogRole(n, "Role");
  const name = kind === 14 || kind === 15 ? `${kind}${n % 32 < 16 ? "a" : "b"}` : String(kind);
  const fixture = samples().get(name);
  if (fixture === undefined) throw new Error(`the warm-up's samples.yaml has no sample ${name}`);
  const values: Record<string, string> = {
    n: String(n),
    reader: `reader-${n - 2}${n % 32 < 16 ? "" : "x"}`,
    ns: `team-${n % 7}`,
    bootstrapRole: BOOTSTRAP_NAMES[n % BOOTSTRAP_NAMES.length],
    defaultRole: BOOTSTRAP_NAMES[n % 4],
  };
  return fixture.replace(/\$\{([\w-]+)\}/g, (all, key: string) => values[key] ?? all);
}

/** Default ClusterRoles: the user-facing ones first, then some of the bootstrap policy's. */
const BOOTSTRAP_NAMES = [
  "cluster-admin",
  "admin",
  "edit",
  "view",
  "system:basic-user",
  "system:discovery",
  "system:public-info-viewer",
  "system:node-proxier",
  "system:kube-scheduler",
  "system:controller:job-controller",
];

/** Verb lists as people write them, some with verbs a given resource does not support. */
const VERB_SETS = [
  ["get", "list", "watch"],
  ["get"],
  ["create", "update", "patch", "delete"],
  ["*"],
  ["delete", "deletecollection"],
  ["update", "patch"],
  ["list"],
];

/**
 * A role whose rules are drawn from the built-in catalog: every group in turn (resources and
 * subresources, typical verb lists, resourceNames), plus a custom resource's group the catalog does not
 * know; the rules' lists in the block style `kubectl get -o yaml` prints.
 */
function catalogRole(n: number, kind: "Role" | "ClusterRole"): string {
  const catalog = builtInCatalog();
  const groups = catalog.groups();
  const lines = [
    `apiVersion: rbac.authorization.k8s.io/v1`,
    `kind: ${kind}`,
    `metadata:`,
    `  name: catalog-${n}`,
    ...(kind === "Role" ? [`  namespace: team-${n % 7}`] : []),
    `rules:`,
  ];
  for (let r = 0; r < 3; r++) {
    const group = groups[(n + r * 7) % groups.length];
    const resources = catalog.resources(group);
    if (resources.length === 0) continue;
    const picked = [0, 1].map((i) => resources[(n * 3 + r + i * 5) % resources.length]);
    lines.push(
      `  - apiGroups:`,
      `      - ${quoted(group)}`,
      `    resources:`,
      ...new Set(picked.map((p) => `      - ${resourceKey(p)}`)),
      `    verbs:`,
      ...VERB_SETS[(n + r) % VERB_SETS.length].map((v) => `      - ${quoted(v)}`),
    );
    if ((n + r) % 5 === 0) lines.push(`    resourceNames:`, `      - leader-${n}`);
  }
  lines.push(
    `  - apiGroups:`,
    `      - monitoring.coreos.com`,
    `    resources:`,
    `      - prometheusrules`,
    `      - servicemonitors`,
    `    verbs:`,
    `      - get`,
    `      - list`,
  );
  return lines.join("\n") + "\n";
}

/** As `kubectl` prints a value: quoted only when YAML needs it (the core group, a wildcard). */
function quoted(value: string): string {
  return value === "" || value === "*" ? `'${value}'` : value;
}

/** A file of `count` documents, the first numbered `from`. */
export function sampleFile(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `---\n# document ${from + i}\n${sampleDocument(from + i)}`).join("");
}
