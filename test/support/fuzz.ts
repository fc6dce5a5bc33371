// Generators of hostile input for the reliability fuzz tests (fast-check), seeded from the shared corpus:
// mutated real manifests (random edits, truncations, CRLF, tabs, template directives), wrong types in
// every field of real RBAC objects, and built-from-scratch shapes (deep nesting, alias bombs, very long
// lines and lists, unicode, binary garbage, arbitrary YAML that is not RBAC).
//
// KUBE_RBAC_FUZZ_RUNS sets how many inputs a property gets (CI: a few thousand; `npm run test:fuzz`:
// 100,000); KUBE_RBAC_FUZZ_SEED replays a failure (fast-check prints the seed and the shrunk counterexample).
import * as fc from "fast-check";
import * as fs from "node:fs";
import { dump, load } from "js-yaml";
import { corpusFiles } from "./corpus";

export const FUZZ_RUNS = positiveInt(process.env.KUBE_RBAC_FUZZ_RUNS, 1500);

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = raw === undefined || raw === "" ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** fast-check parameters for `runs` inputs; the seed comes from KUBE_RBAC_FUZZ_SEED when set. */
export function fuzzParameters<T>(runs: number): fc.Parameters<T> {
  const seed = process.env.KUBE_RBAC_FUZZ_SEED;
  return { numRuns: runs, ...(seed ? { seed: Number(seed) } : {}), interruptAfterTimeLimit: undefined };
}

/** The per-input time bound: generous, so a loaded CI machine does not fail it, but a hang does. */
export const PER_INPUT_MS = 2000;

/** Corpus documents, grouped as 1-4 consecutive documents of one file, each group under 12 KB. */
let seedCache: string[] | undefined;
export function corpusSeeds(): string[] {
  if (seedCache) return seedCache;
  const out: string[] = [];
  for (const file of [...corpusFiles(), ...corpusFiles("bad")]) {
    const docs = fs
      .readFileSync(file, "utf8")
      .split(/^---[ \t]*\r?\n/m)
      .filter((d) => d.trim() !== "");
    for (let i = 0; i < docs.length; i += 3) {
      const group = docs.slice(i, i + 1 + (i % 4)).join("---\n");
      if (group.length <= 12_000) out.push(group);
    }
  }
  seedCache = out;
  return out;
}

/** Plain RBAC objects of the corpus (for wrong-type mutations). */
let rbacCache: Record<string, unknown>[] | undefined;
export function corpusRbacObjects(): Record<string, unknown>[] {
  if (rbacCache) return rbacCache;
  const out: Record<string, unknown>[] = [];
  for (const s of corpusSeeds()) {
    for (const doc of s.split(/^---\n/m)) {
      try {
        const v = load(doc);
        if (v && typeof v === "object" && /^(Cluster)?Role(Binding)?$/.test(String((v as { kind?: unknown }).kind)))
          out.push(v as Record<string, unknown>);
      } catch {
        // templated or broken seeds are not used here
      }
    }
  }
  rbacCache = out.slice(0, 400);
  return rbacCache;
}

/** Snippets that mean something to YAML, to Kubernetes or to our checks. */
const TOKENS = [
  ":",
  ": ",
  "- ",
  "\n",
  "\n---\n",
  "---",
  "...\n",
  "{",
  "}",
  "[",
  "]",
  ",",
  "&a ",
  "*a",
  "<<: *a\n",
  "? ",
  "|",
  ">-\n",
  "'",
  '"',
  "#",
  "\t",
  "\r\n",
  "\r",
  "\u0000",
  "\uFEFF",
  "\u202E",
  "\u2028",
  "\ud800",
  "\udfff",
  "🙂",
  "é",
  "\u0301",
  "ǅ",
  "!!binary ",
  "!!str ",
  "!foo ",
  "!!map ",
  "%YAML 1.2\n",
  "%TAG ! tag:x,2000:\n",
  "{{ .Values.x }}",
  "{{- if .Values.rbac.create }}\n",
  "{{- end }}\n",
  "{% for x in y %}",
  '{{ include "x" . | nindent 4 }}',
  "verbs: 5\n",
  'verbs: ["*"]\n',
  "rules: {}\n",
  "rules:\n- {}\n",
  "kind: ClusterRole\n",
  "kind: RoleBinding\n",
  "apiVersion: rbac.authorization.k8s.io/v1\n",
  "roleRef: 7\n",
  "subjects: [null]\n",
  "resources: [secrets]\n",
  "apiGroups: ['*']\n",
  "nonResourceURLs: [/x/*]\n",
  "metadata: {name: ''}\n",
  "namespace: ~\n",
  "aggregationRule: {clusterRoleSelectors: [{matchLabels: null}]}\n",
  "items: [1, 2]\n",
  "kind: List\n",
  "0x1F",
  "1e400",
  ".nan",
  "-.inf",
  "2001-12-14t21:59:43.10-05:00",
  "yes",
  "~",
];

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => "x".repeat(n)) },
);

type Edit = (text: string) => string;

const at = (text: string, r: number) => Math.floor(r * (text.length + 1));

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), token).map(
    ([r, t]): Edit =>
      (s) =>
        s.slice(0, at(s, r)) + t + s.slice(at(s, r)),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 200 })).map(
    ([r, n]): Edit =>
      (s) =>
        s.slice(0, at(s, r)) + s.slice(at(s, r) + n),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 400 })).map(
    ([r, n]): Edit =>
      (s) =>
        s.slice(0, at(s, r) + n) + s.slice(at(s, r)),
  ),
  fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map(
    (r): Edit =>
      (s) =>
        s.slice(0, at(s, r)),
  ),
  fc.constant<Edit>((s) => s.replace(/\r?\n/g, "\r\n")),
  fc.constant<Edit>((s) => s.replace(/^( {2})+/gm, (m) => "\t".repeat(m.length / 2))),
  fc.constant<Edit>((s) => s.replace(/^(\s*)(\w+):/gm, "$1$2: {{ .Values.$2 }}\n$1$2:")),
);

/** A corpus seed after 1-8 random edits. */
export const mutatedManifest: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.array(edit, { minLength: 1, maxLength: 8 }))
  .map(([i, edits]) => {
    const seeds = corpusSeeds();
    return edits.reduce((s, e) => e(s), seeds[i % seeds.length]);
  });

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, "", "*", "🙂", [], {}, [null], [[]], [{}], { a: { b: [1] } }),
  fc.integer(),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 5 })), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every place in a plain value (objects and arrays), as a path. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

/** A real RBAC object with 1-3 fields (anywhere, at any depth) replaced by values of the wrong type. */
export const wrongTypes: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), wrongValue), { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([i, changes, asJson]) => {
    const objs = corpusRbacObjects();
    let v: unknown = objs[i % objs.length];
    for (const [p, value] of changes) {
      const all = paths(v);
      v = setAt(v, all[p % all.length], value);
    }
    return asJson ? JSON.stringify(v, null, 1) : dump(v, { noRefs: true, lineWidth: -1 });
  });

const RBAC_HEAD = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: x\n";

/** Shapes built from scratch: nesting, alias bombs, long lines and lists, garbage, unicode, arbitrary YAML. */
export const constructed: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom("[", "{a: ", "- ", "a:\n"))
    .map(([n, open]) =>
      open === "["
        ? "[".repeat(n) + "]".repeat(n)
        : open === "{a: "
          ? "{a: ".repeat(n) + "1" + "}".repeat(n)
          : open === "- "
            ? RBAC_HEAD + "rules:\n" + Array.from({ length: Math.min(n, 1500) }, (_, i) => " ".repeat(i) + "- ").join("\n") + "x"
            : RBAC_HEAD + "rules:\n" + Array.from({ length: Math.min(n, 1500) }, (_, i) => " ".repeat(i + 1) + "a:").join("\n") + " x",
    ),
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.boolean()).map(([levels, fan, merge]) => {
    let s = RBAC_HEAD + `l0: &l0 [${Array(fan).fill('"lol"').join(",")}]\n`;
    for (let l = 1; l < levels; l++)
      s += merge
        ? `l${l}: &l${l}\n  <<: *l${l - 1}\n  k${l}: [${Array(fan)
            .fill(`*l${l - 1}`)
            .join(",")}]\n`
        : `l${l}: &l${l} [${Array(fan)
            .fill(`*l${l - 1}`)
            .join(",")}]\n`;
    return s + `rules:\n- apiGroups: [""]\n  resources: *l${levels - 1}\n  verbs: *l${levels - 1}\n`;
  }),
  fc
    .integer({ min: 1000, max: 50_000 })
    .map((n) => RBAC_HEAD + `rules:\n- apiGroups: [""]\n  resources: [${"p".repeat(n)}]\n  verbs: ["get"]\n`),
  fc
    .tuple(fc.integer({ min: 100, max: 2000 }), fc.boolean())
    .map(
      ([n, flow]) =>
        RBAC_HEAD +
        'rules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs:' +
        (flow
          ? ` [${Array.from({ length: n }, (_, i) => `v${i}`).join(", ")}]\n`
          : "\n" + Array.from({ length: n }, (_, i) => `  - v${i}\n`).join("")),
    ),
  fc
    .integer({ min: 10, max: 500 })
    .map((n) =>
      Array.from(
        { length: n },
        (_, i) => `---\nkind: Role\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: r${i}, namespace: n}\n`,
      ).join(""),
    ),
  fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b).toString("utf8")),
  fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b).toString("latin1")),
  fc.string({ unit: "binary", maxLength: 400 }),
  fc
    .string({ unit: "grapheme", maxLength: 400 })
    .map((s) => RBAC_HEAD + `rules:\n- apiGroups: [""]\n  resources: [${JSON.stringify(s)}]\n  verbs: [${s}]\n`),
  fc.jsonValue({ maxDepth: 6 }).map((v) => dump(v, { noRefs: true, lineWidth: -1 })),
  fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 5 }).map((vs) => vs.map((v) => JSON.stringify(v)).join("\n---\n")),
);

/** Any hostile input, weighted towards mutated real manifests. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: mutatedManifest },
  { weight: 2, arbitrary: wrongTypes },
  { weight: 2, arbitrary: constructed },
);

/** A 10 MB manifest file made of corpus documents (about 10,000,000 characters). */
export function tenMegabytes(): string {
  const seeds = corpusSeeds();
  const parts: string[] = [];
  let len = 0;
  for (let i = 0; len < 10_000_000; i++) {
    const s = seeds[i % seeds.length];
    parts.push(s);
    len += s.length + 4;
  }
  return parts.join("\n---\n");
}
