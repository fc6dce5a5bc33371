// The `kubeRbac.*` settings, parsed once at the boundary: whatever the client sends, the rest of the
// server sees a complete, well-typed object.
import type { SeveritySetting } from "../core/checks/context";

export interface Settings {
  /** Per-code severity override, or "off". */
  readonly severity: Readonly<Record<string, SeveritySetting>>;
  /** Diagnostics on/off altogether. */
  readonly diagnostics: boolean;
  /** Files larger than this (bytes) are not analysed. */
  readonly maxFileSize: number;
  /** Delay between the last keystroke and re-checking (ms). */
  readonly debounceMs: number;
  readonly logLevel: "error" | "warn" | "info" | "debug";
  /** Audit log files (absolute, or relative to the workspace folder) whose requests tell unused grants. */
  readonly auditLog: readonly string[];
  /** Rendering charts and building kustomizations (server/render-scheduler.ts). */
  readonly render: RenderSettings;
}

export interface RenderSettings {
  readonly enabled: boolean;
  /** helm's path; "" for helm on PATH. */
  readonly helmPath: string;
  /** kustomize's path; "" for kustomize (or kubectl) on PATH. */
  readonly kustomizePath: string;
  readonly timeoutMs: number;
  /** Delay between an open or save and the render (ms). */
  readonly debounceMs: number;
}

const LEVELS = new Set(["error", "warning", "information", "hint", "off"]);

export const Settings = {
  defaults: {
    severity: {},
    diagnostics: true,
    maxFileSize: 5 * 1024 * 1024,
    debounceMs: 200,
    logLevel: "info",
    render: { enabled: true, helmPath: "", kustomizePath: "", timeoutMs: 30_000, debounceMs: 500 },
    auditLog: [],
  } as Settings,

  /** `raw` is the `kubeRbac` section (or undefined). Unknown or ill-typed values fall back to the defaults. */
  from(raw: unknown): Settings {
    const r = isObject(raw) ? raw : {};
    const severity: Record<string, SeveritySetting> = {};
    const sev = isObject(r.severity) ? r.severity : {};
    for (const [code, level] of Object.entries(sev))
      if (typeof level === "string" && LEVELS.has(level)) severity[code] = level as SeveritySetting;
    // `kubeRbac.disabledChecks: ["code", …]` is the short way to turn checks off.
    if (Array.isArray(r.disabledChecks)) for (const code of r.disabledChecks) if (typeof code === "string") severity[code] = "off";
    const d = Settings.defaults;
    const diag = isObject(r.diagnostics) ? r.diagnostics : {};
    return {
      severity,
      diagnostics: typeof diag.enable === "boolean" ? diag.enable : d.diagnostics,
      maxFileSize: typeof r.maxFileSize === "number" && r.maxFileSize > 0 ? r.maxFileSize : d.maxFileSize,
      debounceMs: typeof diag.debounceMs === "number" && diag.debounceMs >= 0 ? diag.debounceMs : d.debounceMs,
      logLevel:
        r.logLevel === "error" || r.logLevel === "warn" || r.logLevel === "info" || r.logLevel === "debug" ? r.logLevel : d.logLevel,
      render: renderSettings(r),
      auditLog: auditLogFiles(r.auditLog),
    };
  },
};

/** A file or a list of files; anything else (or an empty string) is no file. */
function auditLogFiles(v: unknown): string[] {
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  return list.filter((f): f is string => typeof f === "string" && f.trim() !== "");
}

function renderSettings(r: Record<string, unknown>): RenderSettings {
  const d = Settings.defaults.render;
  const render = isObject(r.render) ? r.render : {};
  const pathOf = (v: unknown) => (isObject(v) && typeof v.path === "string" ? v.path.trim() : "");
  const num = (v: unknown, dflt: number, min: number) => (typeof v === "number" && Number.isFinite(v) && v >= min ? v : dflt);
  return {
    enabled: typeof render.enabled === "boolean" ? render.enabled : d.enabled,
    helmPath: pathOf(r.helm),
    kustomizePath: pathOf(r.kustomize),
    timeoutMs: num(render.timeoutMs, d.timeoutMs, 1),
    debounceMs: num(render.debounceMs, d.debounceMs, 0),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
