// Running checks: per document (for incremental re-checks of huge files), per file (cross-document),
// plus the parts that are the same for every check: templated files, suppression comments, severity
// settings, and the "suppress on this line" quick fix.

import { Document, isMap, YAMLMap } from "yaml";
import { FieldPath, Finding, RbacObject, Severity, SourceRef, Span } from "../../model";
import { ParsedDocument, ParsedFile, positionAt, TEMPLATE_RE } from "../../parse";
import type { Check, CheckContext, Fix, ObjectTarget, Report, ReportOptions } from "../context";
import { compareFindings } from "./order";
import { disabledCodes, FileText, suppresses, suppressFix } from "./suppression";
import { nodeAt } from "./yaml";

/** Text of the document, from the end of the previous one (so leading template lines count). */
function documentText(file: ParsedFile, doc: ParsedDocument): string {
  let from = Math.min(doc.index > 0 ? file.documents[doc.index - 1].span.end : 0, doc.span.start);
  // Lines before this document's own `---` belong to the previous one (e.g. its `{{- end }}`).
  const marker = file.text.lastIndexOf("\n---", doc.span.start);
  if (marker >= from) from = marker + 1;
  return file.text.slice(from, doc.span.end);
}

/** In a templated file only documents that parse cleanly and hold no template expression are checked. */
export function isCheckable(file: ParsedFile, doc: ParsedDocument): boolean {
  if (!file.templated) return true;
  return doc.errors.length === 0 && !TEMPLATE_RE.test(documentText(file, doc));
}

type Collector = { findings: Finding[] };

/** `check` is read when a finding is reported: one reporter serves every check run in turn. */
function reporter(current: () => Check, file: ParsedFile, out: Collector): Report {
  return (span: Span, message: string, options: ReportOptions = {}) => {
    const check = current();
    const data: Record<string, unknown> = { ...(options.data ?? {}) };
    const fixes = options.fixes;
    if (typeof fixes === "function") lazyFixes(data, fixes);
    else if (fixes && fixes.length > 0) data.fixes = fixes;
    const f: { -readonly [K in keyof Finding]: Finding[K] } = {
      code: check.code,
      severity: options.severity ?? check.defaultSeverity,
      message,
      file: file.file,
      span,
    };
    if (Object.keys(data).length > 0) f.data = data;
    out.findings.push(f);
  };
}

function guarded(fn: () => void): void {
  // A bug in one check must not take the others (or the editor) down.
  try {
    fn();
  } catch {
    /* ignored on purpose: checks never throw on user input; a thrown error is a check bug */
  }
}

/** The checks that are not switched off, split by kind; computed once per settings object. */
const activeCache = new WeakMap<readonly Check[], WeakMap<object, { documentChecks: Check[]; objectChecks: Check[] }>>();
const NO_SETTINGS = {};

function activeChecks(checks: readonly Check[], ctx: CheckContext): { documentChecks: Check[]; objectChecks: Check[] } {
  let bySettings = activeCache.get(checks);
  if (!bySettings) activeCache.set(checks, (bySettings = new WeakMap()));
  const key = ctx.settings ?? NO_SETTINGS;
  let active = bySettings.get(key);
  if (!active) {
    const on = checks.filter((c) => !isOff(c.code, ctx));
    bySettings.set(
      key,
      (active = { documentChecks: on.filter((c) => c.document !== undefined), objectChecks: on.filter((c) => c.object !== undefined) }),
    );
  }
  return active;
}

/**
 * One target per object, shared by every check. The YAML AST is built on first use (core/parse.ts): most
 * objects have nothing to report and never need it, so `node` and `yaml` are lazy. (A class: an object
 * literal with getters defines them anew for every object.)
 */
class Target implements ObjectTarget {
  private lazyNode: YAMLMap | undefined | null = null;

  constructor(
    readonly file: ParsedFile,
    readonly doc: ParsedDocument,
    readonly object: RbacObject,
    readonly prefix: FieldPath,
    readonly source: SourceRef,
    readonly ctx: CheckContext,
  ) {}

  get yaml(): Document.Parsed {
    return this.doc.yaml;
  }

  get node(): YAMLMap | undefined {
    if (this.lazyNode === null) {
      const n = nodeAt(this.doc.yaml, this.doc.yaml.contents, this.prefix);
      this.lazyNode = isMap(n) ? n : undefined;
    }
    return this.lazyNode;
  }
}

/**
 * Which raw findings to finish (by code and span; the others are dropped before severity, suppression and
 * sorting): the template reader drops those that rest on unknown values, often most of a variant's.
 */
export type KeepFinding = (f: Finding) => boolean;

/** Findings of one document: its YAML errors and every per-object and per-document check. */
export function runDocument(
  checks: readonly Check[],
  file: ParsedFile,
  docIndex: number,
  ctx: CheckContext,
  keep?: KeepFinding,
): Finding[] {
  const doc = file.documents[docIndex];
  if (!doc || !isCheckable(file, doc)) return [];
  const out: Collector = { findings: [...doc.errors] };
  const { documentChecks, objectChecks } = activeChecks(checks, ctx);
  // Checks run one after the other, synchronously: one reporter, told which check is running.
  let current: Check | undefined;
  const report = reporter(() => current!, file, out);
  for (const check of documentChecks) {
    current = check;
    try {
      check.document!({ file, doc, ctx }, report);
    } catch {
      /* a check bug: the other checks (and the editor) carry on */
    }
  }
  for (const { object, prefix } of doc.objects) {
    const source = object.source;
    if (!source) continue;
    const target = new Target(file, doc, object, prefix, source, ctx);
    for (const check of objectChecks) {
      current = check;
      try {
        check.object!(target, report);
      } catch {
        /* a check bug: the other checks (and the editor) carry on */
      }
    }
  }
  return finish(keep ? out.findings.filter(keep) : out.findings, linesOf(file), ctx);
}

/** Cross-document findings, the templated-file notice, and parser findings that belong to no document. */
export function runFile(
  checks: readonly Check[],
  templatedCheck: Check,
  file: ParsedFile,
  ctx: CheckContext,
  keep?: KeepFinding,
): Finding[] {
  const inDocs = new Set<Finding>();
  for (const d of file.documents) for (const e of d.errors) inDocs.add(e);
  const out: Collector = { findings: file.templated ? [] : file.findings.filter((f) => !inDocs.has(f)) };
  const documents = file.documents.filter((d) => isCheckable(file, d));
  for (const check of checks) {
    if (!check.file || isOff(check.code, ctx)) continue;
    const report = reporter(() => check, file, out);
    guarded(() => check.file!({ file, documents, ctx }, report));
  }
  if (file.templated && !isOff(templatedCheck.code, ctx)) {
    const m = TEMPLATE_RE.exec(file.text);
    const start = m ? m.index : 0;
    const skipped = file.documents.length - documents.length;
    reporter(
      () => templatedCheck,
      file,
      out,
    )(
      { start, end: m ? start + m[0].length : Math.min(1, file.text.length) },
      `This file holds template expressions: ${skipped} of ${file.documents.length} document(s) cannot be checked until rendered (e.g. with \`helm template\`); the others are checked.`,
    );
  }
  return finish(keep ? out.findings.filter(keep) : out.findings, linesOf(file), ctx);
}

function isOff(code: string, ctx: CheckContext): boolean {
  return ctx.settings?.severity?.[code] === "off";
}

function linesOf(file: ParsedFile): FileText {
  return { text: file.text, lineStart: (line) => file.lineStarts[line], lineOf: (offset) => positionAt(file.lineStarts, offset).line };
}

/** `data.fixes`, computed on first read and kept. */
function lazyFixes(data: Record<string, unknown>, compute: () => readonly Fix[]): void {
  let fixes: readonly Fix[] | undefined;
  Object.defineProperty(data, "fixes", { enumerable: true, configurable: true, get: () => (fixes ??= compute()) });
}

/**
 * Applies severity settings and suppression comments, adds the "suppress on this line" fix, and sorts.
 * Exported for callers that assemble file-level findings themselves (core/service/file-level.ts).
 */
export function finish(findings: readonly Finding[], file: FileText, ctx: CheckContext): Finding[] {
  const overrides = ctx.settings?.severity ?? {};
  const result: Finding[] = [];
  for (const f of findings) {
    const setting = overrides[f.code];
    if (setting === "off") continue;
    const line = file.lineOf(f.span.start);
    const disabled = disabledCodes(file, line);
    if (suppresses(disabled, f.code)) continue;
    const severity: Severity = setting ?? f.severity;
    const own = f.data;
    // Everything but the fixes, copied without computing them (reading a lazy `fixes` would).
    const data: Record<string, unknown> = {};
    for (const k of Object.keys(own ?? {})) if (k !== "fixes") data[k] = own![k];
    const ownFixes = () => (own?.fixes ?? []) as readonly Fix[];
    lazyFixes(data, () => (f.code === "yaml-syntax" ? [...ownFixes()] : [...ownFixes(), suppressFix(file, line, f.code)]));
    // Spans may be lazy (support/target.ts): findings leave with plain ones.
    result.push({ ...f, span: { start: f.span.start, end: f.span.end }, severity, data });
  }
  return result.sort(compareFindings);
}

export type { FileText } from "./suppression";
export { compareFindings, findingOrder } from "./order";
