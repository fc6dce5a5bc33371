// Which findings of a masked template stand: none that rests on an unknown (templated) value.
//
// A finding is dropped when its own span touches an unknown, or when the part of the object its check
// reads (the rule, subject or roleRef it sits in; the object's kind and RBAC fields for object-level
// findings; the namespace for checks that resolve names) holds one. Checks that judge a value on its
// own (a "core" group, a malformed name) keep their findings whatever surrounds them.

import { FieldPath, Finding, RbacObject, Span } from "../model";
import type { ParsedFile } from "../parse";

/** Codes whose verdict depends on nothing but the value under the finding. */
const VALUE_ONLY = new Set([
  "invalid-api-group",
  "invalid-name",
  "invalid-namespace",
  "invalid-service-account-name",
  "invalid-subject-kind",
  "invalid-subject-api-group",
  "invalid-role-ref-kind",
  "invalid-role-ref-api-group",
  "invalid-role-ref-name",
  "invalid-non-resource-url",
  "invalid-label-selector",
  "deprecated-api-group",
  "unsupported-api-version",
  "unknown-field",
  "wrong-type",
]);

/** Codes that resolve names in the object's namespace: they also need that namespace. */
const NAMESPACE_DEPENDENT = new Set([
  "role-not-found",
  "role-in-other-namespace",
  "subject-namespace-ignored",
  "cluster-scoped-namespace",
  "duplicate-object",
]);

/**
 * What some checks read of the rule or subject they report on, besides the value under the finding;
 * the other checks read all of it.
 */
const UNIT_INPUTS: Readonly<Record<string, readonly string[]>> = {
  "unknown-verb": ["apiGroups"],
  "unknown-resource": ["apiGroups"],
  "suspicious-resource-name": [],
  "missing-verbs": ["verbs"],
  "missing-resources": ["resources", "nonResourceURLs"],
  "missing-api-groups": ["apiGroups", "resources"],
  "missing-subject-namespace": ["kind", "namespace"],
};

/** Codes whose span only marks the place (the subject's name): the value under it is not an input. */
const PLACE_ONLY = new Set(["missing-subject-namespace"]);

/** The parts of an object a check reads. */
const UNIT_FIELDS = ["rules", "subjects"] as const;
const OBJECT_FIELDS = ["kind", "rules", "subjects", "roleRef", "aggregationRule"] as const;

export class UnknownFilter {
  private readonly starts: number[];
  private readonly ends: number[];

  constructor(
    private readonly parsed: ParsedFile,
    unknowns: readonly Span[],
  ) {
    const sorted = [...unknowns].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((u) => u.start);
    // The largest end so far: a span overlaps an unknown iff some unknown starting before its end ends after its start.
    let max = -1;
    this.ends = sorted.map((u) => (max = Math.max(max, u.end)));
  }

  /** Whether [start, end) touches an unknown span (an empty span: whether it sits inside one). */
  touches(span: Span | undefined): boolean {
    if (!span) return false;
    const end = Math.max(span.end, span.start + 1);
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.ends[lo - 1] > span.start;
  }

  keeps(f: Finding): boolean {
    if (!PLACE_ONLY.has(f.code) && this.touches(f.span)) return false;
    const object = this.objectAt(f.span);
    if (!object?.source) return true;
    const src = object.source;
    if (NAMESPACE_DEPENDENT.has(f.code) && this.touches(src.valueSpan(["metadata", "namespace"]))) return false;
    if (VALUE_ONLY.has(f.code)) return true;
    const unit = this.unitAt(object, f.span);
    if (unit) {
      const inputs = UNIT_INPUTS[f.code];
      if (inputs) return !inputs.some((field) => this.touches(src.valueSpan([...unit.path, field])));
      return !this.touches(unit.span);
    }
    return !OBJECT_FIELDS.some((field) => this.touches(src.valueSpan([field])));
  }

  /** The object holding the span: its document found by the documents' own spans (an object's span needs its YAML tree). */
  private objectAt(span: Span): RbacObject | undefined {
    const docs = this.parsed.documents;
    let lo = 0;
    let hi = docs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (docs[mid].span.start <= span.start) lo = mid;
      else hi = mid - 1;
    }
    const objects = docs[lo]?.objects ?? [];
    if (objects.length <= 1) return objects[0]?.object;
    return objects.find(({ object: o }) => {
      const s = o.source?.span;
      return s !== undefined && s.start <= span.start && span.start < Math.max(s.end, s.start + 1);
    })?.object;
  }

  /** The rule or subject (or the roleRef) that holds the span. */
  private unitAt(object: RbacObject, span: Span): { span: Span; path: FieldPath } | undefined {
    const src = object.source!;
    const within = (s: Span | undefined) => s !== undefined && s.start <= span.start && span.end <= s.end;
    const roleRef = src.valueSpan(["roleRef"]);
    if (within(roleRef)) return { span: roleRef!, path: ["roleRef"] };
    for (const field of UNIT_FIELDS) {
      const list = src.valueSpan([field]);
      if (!within(list)) continue;
      for (let i = 0; ; i++) {
        const item = src.valueSpan([field, i]);
        if (!item) return { span: list!, path: [field] };
        if (within(item)) return { span: item, path: [field, i] };
      }
    }
    return undefined;
  }
}
