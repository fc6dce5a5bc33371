// The repository configuration (`.kube-rbac.yaml`) in the editor: the nearest one above a checked file
// sets its severities, disabled checks, ignored paths and catalog version, as in `kube-rbac check`; the
// editor's settings apply on top. Problems in a configuration file are published as its diagnostics (and
// logged), never ignored. Files on disk count: a saved change reloads them (workspace-files tells).

import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Diagnostic, DiagnosticSeverity } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CheckSettings } from "../core/checks/context";
import { CONFIG_FILE_NAME, ConfigProblem, parseRepoConfig, withSettings } from "../core/config/repo-config";
import { ConfigFinder, LoadedConfig } from "../config";

export const CONFIG_SOURCE = "kube-rbac config";

export class RepoConfigs {
  private readonly finder = new ConfigFinder();
  private readonly reported = new Set<string>();
  private readonly merged = new WeakMap<LoadedConfig, { base: CheckSettings; merged: CheckSettings }>();
  /** Bumped when a configuration file changes, so cached findings are re-checked. */
  version = 0;

  /** `onProblems`: a configuration file was read, with these problems (maybe none). */
  constructor(private readonly onProblems: (uri: string, problems: readonly ConfigProblem[], text: string) => void = () => undefined) {}

  /** The configuration of a document (file URIs only: other schemes have no folder to search). */
  forUri(uri: string): LoadedConfig | undefined {
    if (!uri.startsWith("file:")) return undefined;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const loaded = this.finder.forFile(file);
    if (loaded && !this.reported.has(loaded.file)) {
      this.reported.add(loaded.file);
      this.onProblems(pathToFileURL(loaded.file).toString(), loaded.problems, loaded.text);
    }
    return loaded;
  }

  isIgnored(uri: string): boolean {
    const loaded = this.forUri(uri);
    return loaded !== undefined && loaded.isIgnored(fileURLToPath(uri));
  }

  /**
   * The configuration's severities with the editor's settings on top: one object per configuration and
   * settings object (the checks cache what they switch off by it).
   */
  settings(config: LoadedConfig, settings: CheckSettings): CheckSettings {
    const cached = this.merged.get(config);
    if (cached?.base === settings) return cached.merged;
    const merged: CheckSettings = { ...settings, severity: withSettings(config.config, settings.severity ?? {}) };
    this.merged.set(config, { base: settings, merged });
    return merged;
  }

  /** A configuration file changed on disk (or appeared, or went away). */
  changed(): void {
    this.finder.forget();
    this.reported.clear();
    this.version++;
  }
}

export function isConfigUri(uri: string): boolean {
  return path.posix.basename(uri) === CONFIG_FILE_NAME;
}

/** The diagnostics of a configuration file's text (the editor's text while it is open). */
export function configDiagnostics(text: string, problems: readonly ConfigProblem[] = parseRepoConfig(text).problems): Diagnostic[] {
  const doc = TextDocument.create("config", "yaml", 0, text);
  return problems.map((p) => ({
    range: { start: doc.positionAt(p.start), end: doc.positionAt(Math.max(p.end, p.start)) },
    severity: DiagnosticSeverity.Error,
    source: CONFIG_SOURCE,
    message: p.message,
  }));
}
