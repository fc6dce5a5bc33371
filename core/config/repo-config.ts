// The repository configuration file (`.kube-rbac.yaml`), read by `kube-rbac check` and by the editor:
// per-code severity and disabled checks, ignored paths, Helm chart values per chart folder, and the
// Kubernetes version whose API catalog the checks use. This file parses and validates its text (pure: the
// node layer finds and reads the file); every problem is reported with its line, none is ignored.

import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, YAMLMap } from "yaml";
import { catalogVersions, normalizeVersion } from "../catalog/versions";
import { ALL_CHECKS } from "../checks";
import type { SeveritySetting } from "../checks/context";
import { editDistance } from "../checks/support/schema";

export const CONFIG_FILE_NAME = ".kube-rbac.yaml";

/** A Helm chart's rendering options; paths are relative to the chart folder. */
export interface ChartConfig {
  readonly values: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
}

export interface RepoConfig {
  /** Per-code severity, with `disabledChecks` folded in as "off". */
  readonly severity: Readonly<Record<string, SeveritySetting>>;
  /** Glob patterns of paths not to check, relative to the configuration file's folder. */
  readonly ignore: readonly string[];
  /** Chart folder (relative to the configuration file's folder) → its rendering options. */
  readonly charts: Readonly<Record<string, ChartConfig>>;
  /** A version of the built-in catalogs ("v1.33"); undefined: the default catalog. */
  readonly kubernetesVersion?: string;
  /** Audit log files (relative to the configuration file's folder) whose requests tell unused grants. */
  readonly auditLog?: readonly string[];
}

export interface ConfigProblem {
  /** 1-based line and column of the offending value. */
  readonly line: number;
  readonly column: number;
  /** Offsets of the offending value in the text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export const EMPTY_CONFIG: RepoConfig = { severity: {}, ignore: [], charts: {} };

const LEVELS = ["error", "warning", "information", "hint", "off"];
const TOP_KEYS = ["kubernetesVersion", "severity", "disabledChecks", "ignore", "charts", "auditLog"];
const CHART_KEYS = ["values", "releaseName", "namespace"];

/** Parses the configuration file's text. Invalid entries are left out of the config and reported. */
export function parseRepoConfig(text: string): { config: RepoConfig; problems: ConfigProblem[] } {
  const lines = new LineCounter();
  // failsafe: every scalar is a string, so `1.30` stays "1.30" and `on` stays "on".
  const doc = parseDocument(text, { lineCounter: lines, schema: "failsafe", uniqueKeys: true, prettyErrors: false });
  const problems: ConfigProblem[] = [];
  const report = (at: { start: number; end: number }, message: string) => {
    const p = lines.linePos(at.start);
    problems.push({ line: p.line, column: p.col, start: at.start, end: at.end, message });
  };
  for (const e of [...doc.errors, ...doc.warnings]) report({ start: e.pos[0], end: e.pos[1] }, e.message.split("\n")[0]);
  if (doc.errors.length > 0) return { config: EMPTY_CONFIG, problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === "")) return { config: EMPTY_CONFIG, problems };
  if (!isMap(root)) {
    report(
      range(root),
      "the configuration must be a map of settings (kubernetesVersion, severity, disabledChecks, ignore, charts, auditLog)",
    );
    return { config: EMPTY_CONFIG, problems };
  }
  const reader = new Reader(report);
  const config = reader.top(root);
  return { config, problems };
}

type Report = (at: { start: number; end: number }, message: string) => void;

function range(node: Node | null | undefined): { start: number; end: number } {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

class Reader {
  constructor(private readonly report: Report) {}

  top(root: YAMLMap): RepoConfig {
    const severity: Record<string, SeveritySetting> = {};
    let ignore: string[] = [];
    let charts: Record<string, ChartConfig> = {};
    let kubernetesVersion: string | undefined;
    let auditLog: string[] | undefined;
    for (const [key, value, keyNode] of this.entries(root)) {
      if (key === "kubernetesVersion") kubernetesVersion = this.version(value);
      else if (key === "severity") Object.assign(severity, this.severity(value));
      else if (key === "disabledChecks") for (const code of this.codes(value)) severity[code] = "off";
      else if (key === "ignore") ignore = this.strings(value, "ignore").filter((p) => this.pattern(p, value));
      else if (key === "charts") charts = this.charts(value);
      else if (key === "auditLog")
        auditLog = isSeq(value) ? this.strings(value, "auditLog") : [this.string(value, "auditLog")].filter((f) => f !== undefined);
      else this.report(range(keyNode), unknownKey(key, TOP_KEYS, "setting"));
    }
    return {
      severity,
      ignore,
      charts,
      ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }),
      ...(auditLog === undefined ? {} : { auditLog }),
    };
  }

  /** The string-keyed entries of a map; other keys are reported. */
  private *entries(map: YAMLMap): Generator<[string, Node | null, Node]> {
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
        this.report(range(keyNode), "keys must be plain strings");
        continue;
      }
      yield [keyNode.value, pair.value as Node | null, keyNode];
    }
  }

  private string(value: Node | null, what: string): string | undefined {
    if (isScalar(value) && typeof value.value === "string" && value.value !== "") return value.value;
    this.report(range(value), `${what} must be a non-empty string`);
    return undefined;
  }

  private strings(value: Node | null, what: string): string[] {
    if (!isSeq(value)) {
      this.report(range(value), `${what} must be a list of strings`);
      return [];
    }
    const out: string[] = [];
    for (const item of value.items) {
      const s = this.string(item as Node, `each entry of ${what}`);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  private version(value: Node | null): string | undefined {
    const raw = this.string(value, "kubernetesVersion");
    if (raw === undefined) return undefined;
    const v = normalizeVersion(raw);
    if (catalogVersions().includes(v)) return v;
    this.report(range(value), `no API catalog for Kubernetes ${raw}: the versions kube-rbac knows are ${catalogVersions().join(", ")}`);
    return undefined;
  }

  private code(code: string, node: Node | null): boolean {
    if (ALL_CHECKS.some((c) => c.code === code)) return true;
    this.report(
      range(node),
      unknownKey(
        code,
        ALL_CHECKS.map((c) => c.code),
        "check code",
      ),
    );
    return false;
  }

  private codes(value: Node | null): string[] {
    if (!isSeq(value)) {
      this.report(range(value), "disabledChecks must be a list of check codes");
      return [];
    }
    const out: string[] = [];
    for (const item of value.items) {
      const code = this.string(item as Node, "each entry of disabledChecks");
      if (code !== undefined && this.code(code, item as Node)) out.push(code);
    }
    return out;
  }

  private severity(value: Node | null): Record<string, SeveritySetting> {
    const out: Record<string, SeveritySetting> = {};
    if (!isMap(value)) {
      this.report(range(value), "severity must be a map of check code to error, warning, information, hint or off");
      return out;
    }
    for (const [code, level, keyNode] of this.entries(value)) {
      if (!this.code(code, keyNode)) continue;
      const s = this.string(level, `the severity of ${code}`);
      if (s === undefined) continue;
      if (LEVELS.includes(s)) out[code] = s as SeveritySetting;
      else this.report(range(level), `the severity of ${code} must be one of ${LEVELS.join(", ")}, not "${s}"`);
    }
    return out;
  }

  private pattern(p: string, list: Node | null): boolean {
    if (!p.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(p) && !p.split("/").includes("..")) return true;
    const item = isSeq(list) ? (list.items.find((i) => isScalar(i) && i.value === p) as Node | undefined) : undefined;
    this.report(range(item ?? list), `ignore pattern "${p}" must be relative to the configuration file's folder, inside it`);
    return false;
  }

  private charts(value: Node | null): Record<string, ChartConfig> {
    const out: Record<string, ChartConfig> = {};
    if (!isMap(value)) {
      this.report(range(value), "charts must be a map of chart folder to its values, releaseName and namespace");
      return out;
    }
    for (const [chart, options] of this.entries(value)) {
      if (options === null || (isScalar(options) && options.value === "")) {
        out[chart] = { values: [] };
        continue;
      }
      if (!isMap(options)) {
        this.report(range(options), `charts.${chart} must be a map with values, releaseName and namespace`);
        continue;
      }
      let values: string[] = [];
      let releaseName: string | undefined;
      let namespace: string | undefined;
      for (const [key, v, keyNode] of this.entries(options)) {
        if (key === "values") values = this.strings(v, `charts.${chart}.values`);
        else if (key === "releaseName") releaseName = this.string(v, `charts.${chart}.releaseName`);
        else if (key === "namespace") namespace = this.string(v, `charts.${chart}.namespace`);
        else this.report(range(keyNode), unknownKey(key, CHART_KEYS, `setting of charts.${chart}`));
      }
      out[chart] = {
        values,
        ...(releaseName === undefined ? {} : { releaseName }),
        ...(namespace === undefined ? {} : { namespace }),
      };
    }
    return out;
  }
}

function unknownKey(key: string, known: readonly string[], what: string): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const [a, b] = [key.toLowerCase(), k.toLowerCase()];
    // A prefix of a known name (`release` for `releaseName`) is as good a guess as a typo.
    const d = b.startsWith(a) || a.startsWith(b) ? 1 : editDistance(a, b);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return `unknown ${what} "${key}"${best ? ` (did you mean "${best}"?)` : ""}`;
}

/** The configuration's severities with the editor's settings on top (settings win, code by code). */
export function withSettings(
  config: RepoConfig,
  settings: Readonly<Record<string, SeveritySetting>>,
): Readonly<Record<string, SeveritySetting>> {
  if (Object.keys(config.severity).length === 0) return settings;
  if (Object.keys(settings).length === 0) return config.severity;
  return { ...config.severity, ...settings };
}
