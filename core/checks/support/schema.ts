// The wire schema of the four RBAC kinds (k8s.io/api/rbac/v1 + ObjectMeta), walked over the YAML AST to
// find unknown fields (rejected by kubectl's default strict field validation, silently dropped otherwise)
// and wrongly-typed values (rejected by the decoder). Both checks share one walk per object.

import { isMap, isPair, isScalar, isSeq, Pair, YAMLMap } from "yaml";
import { Span } from "../../model";
import { plainAt } from "./target";
import type { ObjectTarget } from "../context";
import { deref, keyName, spanOf } from "./yaml";

type Schema =
  | { readonly t: "string" | "int" | "any" | "stringMap" | "stringList" }
  | { readonly t: "object"; readonly fields: Readonly<Record<string, Schema>> }
  | { readonly t: "list"; readonly of: Schema };

const str: Schema = { t: "string" };
const int: Schema = { t: "int" };
const any: Schema = { t: "any" };
const strList: Schema = { t: "stringList" };
const strMap: Schema = { t: "stringMap" };
const obj = (fields: Record<string, Schema>): Schema => ({ t: "object", fields });
const list = (of: Schema): Schema => ({ t: "list", of });

const META = obj({
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: any,
  deletionTimestamp: any,
  deletionGracePeriodSeconds: int,
  labels: strMap,
  annotations: strMap,
  ownerReferences: list(any),
  finalizers: strList,
  managedFields: list(any),
});
const RULE = obj({ verbs: strList, apiGroups: strList, resources: strList, resourceNames: strList, nonResourceURLs: strList });
const SELECTOR = obj({ matchLabels: strMap, matchExpressions: list(obj({ key: str, operator: str, values: strList })) });
const SUBJECT = obj({ kind: str, apiGroup: str, name: str, namespace: str });
const ROLE_REF = obj({ apiGroup: str, kind: str, name: str });
const COMMON = { apiVersion: str, kind: str, metadata: META };

export const SCHEMAS: Readonly<Record<string, Schema>> = {
  Role: obj({ ...COMMON, rules: list(RULE) }),
  ClusterRole: obj({ ...COMMON, rules: list(RULE), aggregationRule: obj({ clusterRoleSelectors: list(SELECTOR) }) }),
  RoleBinding: obj({ ...COMMON, subjects: list(SUBJECT), roleRef: ROLE_REF }),
  ClusterRoleBinding: obj({ ...COMMON, subjects: list(SUBJECT), roleRef: ROLE_REF }),
};

/** Misspellings people actually write, mapped to the field they meant; "" = no such concept in RBAC. */
const KNOWN_MISTAKES: Readonly<Record<string, string>> = {
  resourceName: "resourceNames",
  verb: "verbs",
  apiGroup: "apiGroups",
  resource: "resources",
  nonResourceURL: "nonResourceURLs",
  nonResourceUrls: "nonResourceURLs",
  nonResourceUrl: "nonResourceURLs",
  subject: "subjects",
  rule: "rules",
  roleref: "roleRef",
  role: "roleRef",
  clusterRoleSelector: "clusterRoleSelectors",
  notVerbs: "",
  notResources: "",
  deny: "",
  exclude: "",
  excludeResources: "",
  notApiGroups: "",
};
const DENY_LIKE = new Set(["notVerbs", "notResources", "deny", "exclude", "excludeResources", "notApiGroups"]);

export interface SchemaProblem {
  readonly code: "unknown-field" | "wrong-type";
  readonly span: Span;
  readonly message: string;
  /** unknown-field: the field it should probably be; wrong-type: the replacement text for `span`. */
  readonly suggestion?: string;
  readonly field: string;
}

const cache = new WeakMap<object, readonly SchemaProblem[]>();

export function schemaProblems(t: ObjectTarget): readonly SchemaProblem[] {
  // unknown-field and wrong-type both ask: answer once per target.
  const cached = cache.get(t);
  if (cached) return cached;
  const problems = computeSchemaProblems(t);
  cache.set(t, problems);
  return problems;
}

function computeSchemaProblems(t: ObjectTarget): readonly SchemaProblem[] {
  // Decide on the plain value first (cheap); only a problem needs the YAML AST, to say where.
  const schema0 = SCHEMAS[t.object.kind];
  if (schema0 && plainFits(plainAt(t, []).value, schema0)) return [];
  if (!t.node) return [];
  const problems: SchemaProblem[] = [];
  const schema = SCHEMAS[t.object.kind];
  if (schema) walk(t, t.node, schema, t.object.kind, problems);
  return problems;
}

/** The plain-value twin of `walk`: true when `walk` would find nothing. (Plain loops: it runs on every object.) */
function plainFits(v: unknown, schema: Schema): boolean {
  if (v === null || v === undefined || schema.t === "any") return true;
  switch (schema.t) {
    case "string":
      return typeof v === "string";
    case "int":
      return typeof v === "number" && Number.isInteger(v);
    case "stringList":
      if (!Array.isArray(v)) return false;
      for (const x of v) if (x !== null && x !== undefined && typeof x !== "string") return false;
      return true;
    case "list":
      if (!Array.isArray(v)) return false;
      for (const x of v) if (!plainFits(x, schema.of)) return false;
      return true;
    case "stringMap": {
      if (typeof v !== "object" || Array.isArray(v)) return false;
      const m = v as Record<string, unknown>;
      for (const k in m) {
        if (!Object.prototype.hasOwnProperty.call(m, k)) continue;
        const x = m[k];
        if (x !== null && x !== undefined && typeof x !== "string") return false;
      }
      return true;
    }
    case "object": {
      if (typeof v !== "object" || Array.isArray(v)) return false;
      const m = v as Record<string, unknown>;
      for (const k in m) {
        if (!Object.prototype.hasOwnProperty.call(m, k) || k === "<<") continue;
        const sub = schema.fields[k];
        if (!sub || !plainFits(m[k], sub)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function describe(n: unknown): string {
  if (isMap(n)) return "a map";
  if (isSeq(n)) return "a list";
  if (isScalar(n)) {
    const v = n.value;
    if (typeof v === "number" || typeof v === "bigint") return `the number ${String(n.source ?? v)}`;
    if (typeof v === "boolean") return `the boolean ${String(v)}`;
    return `the string "${String(v)}"`;
  }
  return "something else";
}

function isNull(n: unknown): boolean {
  return n === null || n === undefined || (isScalar(n) && n.value === null);
}

function walk(t: ObjectTarget, node: unknown, schema: Schema, where: string, out: SchemaProblem[]): void {
  const n = deref(t.yaml, node);
  if (isNull(n) || schema.t === "any") return;
  const text = t.file.text;
  const wrong = (expected: string, suggestion?: string) => {
    const span = spanOf(text, n);
    if (!span) return;
    out.push({
      code: "wrong-type",
      span,
      field: where,
      message: `\`${where}\` must be ${expected}, not ${describe(n)}: the API server rejects the object.`,
      suggestion,
    });
  };
  switch (schema.t) {
    case "string":
      if (!(isScalar(n) && typeof n.value === "string")) {
        // `name: 1234` or `namespace: true`: quoting keeps the text and makes it a string.
        const sp = isScalar(n) ? spanOf(text, n) : undefined;
        wrong("a string", sp ? JSON.stringify(text.slice(sp.start, sp.end)) : undefined);
      }
      return;
    case "int":
      if (!(isScalar(n) && typeof n.value === "number" && Number.isInteger(n.value))) wrong("an integer");
      return;
    case "stringList":
      if (isScalar(n) && (typeof n.value === "string" || typeof n.value === "number" || typeof n.value === "boolean")) {
        // `verbs: get` — the most common slip; the fix wraps it in a flow list.
        const span = spanOf(text, n);
        if (span) wrong("a list of strings", `[${text.slice(span.start, span.end)}]`);
        return;
      }
      if (!isSeq(n)) return wrong("a list of strings");
      n.items.forEach((item, i) => walk(t, item, str, `${where}[${i}]`, out));
      return;
    case "list":
      if (!isSeq(n)) return wrong("a list");
      n.items.forEach((item, i) => walk(t, item, schema.of, `${where}[${i}]`, out));
      return;
    case "stringMap":
      if (!isMap(n)) return wrong("a map of strings");
      for (const p of n.items) {
        if (!isPair(p)) continue;
        walk(t, p.value, str, `${where}.${keyName(p) ?? "?"}`, out);
      }
      return;
    case "object": {
      if (!isMap(n)) return wrong("a map");
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const key = keyName(p);
        if (key === undefined) continue;
        if (key === "<<") continue; // merge keys are resolved by the YAML layer
        const sub = schema.fields[key];
        if (sub) walk(t, p.value, sub, where === t.object.kind ? key : `${where}.${key}`, out);
        else unknown(t, p, key, schema.fields, where, out);
      }
      return;
    }
  }
}

function unknown(
  t: ObjectTarget,
  p: Pair,
  key: string,
  fields: Readonly<Record<string, Schema>>,
  where: string,
  out: SchemaProblem[],
): void {
  const span = spanOf(t.file.text, p.key);
  if (!span) return;
  const known = Object.keys(fields);
  const suggestion = suggestField(key, known);
  const place = where === t.object.kind ? `a ${t.object.kind}` : `\`${where}\``;
  let message = `Unknown field \`${key}\` in ${place}`;
  if (DENY_LIKE.has(key)) message += ": RBAC has no negation or deny rules (permissions only add up), so this field means nothing";
  else if (suggestion) message += ` (did you mean \`${suggestion}\`?)`;
  message += ". kubectl rejects it under its default strict validation; a lenient apply silently drops it";
  if (key === "resourceName" || key.toLowerCase() === "resourcenames") message += ", which widens the rule to every object name";
  message += ".";
  out.push({
    code: "unknown-field",
    span,
    field: key,
    message,
    suggestion: suggestion && !fields[key] && !hasKey(p, t, suggestion) ? suggestion : undefined,
  });
}

function hasKey(p: Pair, t: ObjectTarget, key: string): boolean {
  // The map holding `p`: find it by scanning the parent chain is costly; the schema walk passes no parent,
  // so look the sibling up through the object's node tree lazily.
  const parent = findParent(t.node, p);
  return !!parent && parent.items.some((q) => isPair(q) && keyName(q) === key);
}

function findParent(root: unknown, p: Pair): YAMLMap | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isMap(n)) {
      if (n.items.includes(p)) return n;
      for (const q of n.items) if (isPair(q)) stack.push(q.value);
    } else if (isSeq(n)) stack.push(...n.items);
  }
  return undefined;
}

export function suggestField(key: string, known: readonly string[]): string | undefined {
  const mistake = KNOWN_MISTAKES[key];
  if (mistake !== undefined) return mistake !== "" && known.includes(mistake) ? mistake : undefined;
  const lower = key.toLowerCase();
  const ci = known.find((k) => k.toLowerCase() === lower || k.toLowerCase() === lower + "s" || k.toLowerCase() + "s" === lower);
  if (ci) return ci;
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= 2 && key.length > 3 ? best : undefined;
}

/** Levenshtein distance, exact up to 3; beyond, the length difference (a lower bound) when that is larger than 3, so a hostile huge string is not compared in quadratic time. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
