// Small helpers over an ObjectTarget: spans of fields (trimmed, with sensible fallbacks), the rules and
// subjects with their YAML nodes, and name validators shared by several checks.

import { isMap, isSeq, YAMLMap, YAMLSeq } from "yaml";
import { FieldPath, PolicyRule, RoleObject, Span, Subject, BindingObject, isRole, isBinding } from "../../model";
import type { ObjectTarget } from "../context";
import { nodeAt, pairOf, spanOf } from "./yaml";

export function node(t: ObjectTarget, path: FieldPath): unknown {
  return nodeAt(t.yaml, t.node, path);
}

/**
 * A span computed on first read. Checks name the place of a problem before they know whether there is
 * one; building the YAML AST (core/parse.ts) only when a span is actually read keeps clean documents cheap.
 * (A class: an object literal with getters defines them anew for every span.)
 */
class LazySpan implements Span {
  private done: Span | undefined;

  constructor(
    private readonly compute: () => Span | undefined,
    private readonly fallback: () => Span,
  ) {}

  private get span(): Span {
    return (this.done ??= this.compute() ?? this.fallback());
  }

  get start(): number {
    return this.span.start;
  }

  get end(): number {
    return this.span.end;
  }

  toJSON(): Span {
    return { start: this.start, end: this.end };
  }
}

/** Span of the value at `path`; falls back to its key (e.g. `verbs:` with no value). */
export function valueSpan(t: ObjectTarget, path: FieldPath): Span | undefined {
  if (!plainAt(t, path).found) return undefined;
  return new LazySpan(
    () => {
      const n = node(t, path);
      return (n ? spanOf(t.file.text, n) : undefined) ?? keySpanNow(t, path);
    },
    () => t.source.span,
  );
}

export function keySpan(t: ObjectTarget, path: FieldPath): Span | undefined {
  if (path.length === 0) return undefined;
  if (typeof path[path.length - 1] !== "string") return valueSpan(t, path);
  if (!plainAt(t, path).found) return undefined;
  return new LazySpan(
    () => keySpanNow(t, path),
    () => t.source.span,
  );
}

function keySpanNow(t: ObjectTarget, path: FieldPath): Span | undefined {
  const last = path[path.length - 1];
  if (typeof last !== "string") return undefined;
  const pair = pairOf(t.yaml, node(t, path.slice(0, -1)), last);
  return pair ? spanOf(t.file.text, pair.key) : undefined;
}

/** Where to point when a required field is missing: the parent's key, else the object's `kind`. */
export function anchorSpan(t: ObjectTarget, path: FieldPath): Span {
  for (let i = path.length; i >= 0; i--) {
    const p = path.slice(0, i);
    if (p.length === 0) break;
    const s = typeof p[p.length - 1] === "string" ? keySpan(t, p) : valueSpan(t, p);
    if (s)
      return new LazySpan(
        () => firstLine(t, s),
        () => t.source.span,
      );
  }
  return valueSpan(t, ["kind"]) ?? t.source.span;
}

/** A multi-line span cut at its first line end, so a missing-field squiggle stays on one line. */
function firstLine(t: ObjectTarget, s: Span): Span {
  const nl = t.file.text.indexOf("\n", s.start);
  return nl >= 0 && nl < s.end ? { start: s.start, end: t.file.text[nl - 1] === "\r" ? nl - 1 : nl } : s;
}

export function text(t: ObjectTarget, span: Span): string {
  return t.file.text.slice(span.start, span.end);
}

export interface RuleAt {
  readonly rule: PolicyRule;
  readonly index: number;
  readonly path: FieldPath;
  readonly node: YAMLMap | undefined;
}

// Every check asks for the rules and subjects of the same target: build them once per target.
const rulesCache = new WeakMap<ObjectTarget, RuleAt[]>();
const subjectsCache = new WeakMap<ObjectTarget, SubjectAt[]>();

export function rulesOf(t: ObjectTarget): RuleAt[] {
  let cached = rulesCache.get(t);
  if (!cached) rulesCache.set(t, (cached = computeRules(t)));
  return cached;
}

function computeRules(t: ObjectTarget): RuleAt[] {
  if (!isRole(t.object)) return [];
  const role: RoleObject = t.object;
  return role.rules.map((rule, index) => {
    const path = ["rules", index];
    return {
      rule,
      index,
      path,
      get node() {
        return mapAt(t, path);
      },
    };
  });
}

export interface SubjectAt {
  readonly subject: Subject;
  readonly index: number;
  readonly path: FieldPath;
  readonly node: YAMLMap | undefined;
}

export function subjectsOf(t: ObjectTarget): SubjectAt[] {
  let cached = subjectsCache.get(t);
  if (!cached) subjectsCache.set(t, (cached = computeSubjects(t)));
  return cached;
}

function computeSubjects(t: ObjectTarget): SubjectAt[] {
  if (!isBinding(t.object)) return [];
  const b: BindingObject = t.object;
  return b.subjects.map((subject, index) => {
    const path = ["subjects", index];
    return {
      subject,
      index,
      path,
      get node() {
        return mapAt(t, path);
      },
    };
  });
}

function mapAt(t: ObjectTarget, path: FieldPath): YAMLMap | undefined {
  const n = node(t, path);
  return isMap(n) ? n : undefined;
}

/**
 * The plain value at `path` in the object (from the document's value, no YAML AST needed), and
 * whether the path exists at all (a key with no value exists and holds null).
 */
export function plainAt(t: ObjectTarget, path: FieldPath): { found: boolean; value: unknown } {
  let v: unknown = t.doc.value;
  for (let i = 0; i < t.prefix.length + path.length; i++) {
    const step = i < t.prefix.length ? t.prefix[i] : path[i - t.prefix.length];
    if (typeof step === "number") {
      if (!Array.isArray(v) || step >= v.length) return { found: false, value: undefined };
      v = v[step];
    } else {
      if (typeof v !== "object" || v === null || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, step))
        return { found: false, value: undefined };
      v = (v as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: v };
}

/** True when the field holds a value of the wrong shape (wrong-type reports it; others stay quiet). */
export function isMistyped(t: ObjectTarget, path: FieldPath, expect: "seq" | "map"): boolean {
  const { found, value } = plainAt(t, path);
  if (!found || value === null || value === undefined) return false;
  if (expect === "seq") return !Array.isArray(value);
  return typeof value !== "object" || Array.isArray(value);
}

/** Path of a list entry, for the span of the offending item. */
export function itemSpan(t: ObjectTarget, path: FieldPath, field: string, i: number): Span {
  return valueSpan(t, [...path, field, i]) ?? anchorSpan(t, [...path, field]);
}

export function seqNode(t: ObjectTarget, path: FieldPath): YAMLSeq | undefined {
  const n = node(t, path);
  return isSeq(n) ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
// Name rules of the API server

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** `IsValidPathSegmentName`: the only rule for RBAC object names and roleRef.name. Empty means "no reason". */
export function pathSegmentProblem(name: string): string | undefined {
  if (name === "." || name === "..") return `may not be "${name}"`;
  if (name.includes("/")) return `may not contain "/"`;
  if (name.includes("%")) return `may not contain "%"`;
  return undefined;
}

export function isRoleTarget(t: ObjectTarget): t is ObjectTarget & { object: RoleObject } {
  return isRole(t.object);
}

export function isBindingTarget(t: ObjectTarget): t is ObjectTarget & { object: BindingObject } {
  return isBinding(t.object);
}

/** Presence of a key in the object's YAML (null counts as present-but-empty). */
export function has(t: ObjectTarget, path: FieldPath): boolean {
  return plainAt(t, path).found;
}
