// Small helpers over an ObjectTarget: spans of fields (trimmed, with sensible fallbacks), the rules and
// subjects with their YAML nodes, and name validators shared by several checks.

import { isMap, isSeq, YAMLMap, YAMLSeq } from "yaml";
import { FieldPath, PolicyRule, RoleObject, Span, Subject, BindingObject, isRole, isBinding } from "../../model";
import type { ObjectTarget } from "../context";
import { nodeAt, pairOf, spanOf } from "./yaml";

export function node(t: ObjectTarget, path: FieldPath): unknown {
  return nodeAt(t.yaml, t.node, path);
}

/** Span of the value at `path`; falls back to its key (e.g. `verbs:` with no value). */
export function valueSpan(t: ObjectTarget, path: FieldPath): Span | undefined {
  const n = node(t, path);
  const s = n ? spanOf(t.file.text, n) : undefined;
  return s ?? keySpan(t, path);
}

export function keySpan(t: ObjectTarget, path: FieldPath): Span | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1];
  if (typeof last !== "string") return valueSpan(t, path);
  const pair = pairOf(t.yaml, node(t, path.slice(0, -1)), last);
  return pair ? spanOf(t.file.text, pair.key) : undefined;
}

/** Where to point when a required field is missing: the parent's key, else the object's `kind`. */
export function anchorSpan(t: ObjectTarget, path: FieldPath): Span {
  for (let i = path.length; i >= 0; i--) {
    const p = path.slice(0, i);
    if (p.length === 0) break;
    const s = typeof p[p.length - 1] === "string" ? keySpan(t, p) : valueSpan(t, p);
    if (s) return firstLine(t, s);
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

export function rulesOf(t: ObjectTarget): RuleAt[] {
  if (!isRole(t.object)) return [];
  const role: RoleObject = t.object;
  return role.rules.map((rule, index) => {
    const path = ["rules", index];
    const n = node(t, path);
    return { rule, index, path, node: isMap(n) ? (n as YAMLMap) : undefined };
  });
}

export interface SubjectAt {
  readonly subject: Subject;
  readonly index: number;
  readonly path: FieldPath;
  readonly node: YAMLMap | undefined;
}

export function subjectsOf(t: ObjectTarget): SubjectAt[] {
  if (!isBinding(t.object)) return [];
  const b: BindingObject = t.object;
  return b.subjects.map((subject, index) => {
    const path = ["subjects", index];
    const n = node(t, path);
    return { subject, index, path, node: isMap(n) ? (n as YAMLMap) : undefined };
  });
}

/** True when the field holds a value of the wrong shape (wrong-type reports it; others stay quiet). */
export function isMistyped(t: ObjectTarget, path: FieldPath, expect: "seq" | "map"): boolean {
  const n = node(t, path);
  if (n === undefined || n === null) return false;
  if (expect === "seq") return !isSeq(n) && !isNullScalar(n);
  return !isMap(n) && !isNullScalar(n);
}

function isNullScalar(n: unknown): boolean {
  return typeof n === "object" && n !== null && "value" in n && (n as { value: unknown }).value === null && !isSeq(n) && !isMap(n);
}

/** Path of a list entry, for the span of the offending item. */
export function itemSpan(t: ObjectTarget, path: FieldPath, field: string, i: number): Span {
  return valueSpan(t, [...path, field, i]) ?? anchorSpan(t, [...path, field]);
}

export function seqNode(t: ObjectTarget, path: FieldPath): YAMLSeq | undefined {
  const n = node(t, path);
  return isSeq(n) ? (n as YAMLSeq) : undefined;
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
  const last = path[path.length - 1];
  if (typeof last !== "string") return node(t, path) !== undefined;
  return pairOf(t.yaml, node(t, path.slice(0, -1)), last) !== undefined;
}
