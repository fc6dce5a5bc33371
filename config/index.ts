// Finds and reads the repository configuration file (`.kube-rbac.yaml`) for the command line and the
// language server: the nearest one in the checked file's folder or above it wins. Parsing and validation
// are the core's (core/config); this module owns the file system and the paths.

import * as fs from "node:fs";
import * as path from "node:path";
import type { ApiCatalog } from "../core/catalog";
import { catalogForVersion } from "../core/catalog/versions";
import { ignoreMatcher } from "../core/config/ignore";
import { CONFIG_FILE_NAME, ConfigProblem, parseRepoConfig, RepoConfig } from "../core/config/repo-config";

export { CONFIG_FILE_NAME };

export interface ResolvedChart {
  /** Absolute path of the chart folder. */
  readonly dir: string;
  /** Absolute paths of its values files, in the order given. */
  readonly values: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
}

export class LoadedConfig {
  private readonly ignored: (relativePath: string) => boolean;

  constructor(
    /** Absolute path of the configuration file. */
    readonly file: string,
    readonly text: string,
    readonly config: RepoConfig,
    readonly problems: readonly ConfigProblem[],
  ) {
    this.ignored = ignoreMatcher(config.ignore);
  }

  /** The folder the configuration's relative paths start from. */
  get dir(): string {
    return path.dirname(this.file);
  }

  /** True when an ignore pattern matches the file (an absolute path; files outside the folder never are). */
  isIgnored(file: string): boolean {
    const rel = path.relative(this.dir, path.resolve(file));
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return false;
    return this.ignored(rel.split(path.sep).join("/"));
  }

  /** The built-in catalog of the configured Kubernetes version; undefined when none is configured. */
  catalog(): ApiCatalog | undefined {
    const v = this.config.kubernetesVersion;
    return v === undefined ? undefined : catalogForVersion(v);
  }

  /** The configured Helm charts with absolute paths: the chart folder and its values files, in order. */
  charts(): ResolvedChart[] {
    return Object.entries(this.config.charts).map(([chart, c]) => {
      const dir = path.resolve(this.dir, chart);
      return { ...c, dir, values: c.values.map((v) => path.resolve(dir, v)) };
    });
  }

  /** The configured audit logs, as absolute paths. */
  auditLog(): string[] {
    return (this.config.auditLog ?? []).map((f) => path.resolve(this.dir, f));
  }

  /** Each problem as `file:line:column: message`, as compilers print them. */
  formattedProblems(): string[] {
    return this.problems.map((p) => `${this.file}:${p.line}:${p.column}: ${p.message}`);
  }
}

/** Reads and parses one configuration file. Throws the file system's error when it cannot be read. */
export function loadConfigFile(file: string): LoadedConfig {
  const abs = path.resolve(file);
  const text = fs.readFileSync(abs, "utf8");
  const { config, problems } = parseRepoConfig(text);
  return new LoadedConfig(abs, text, config, problems);
}

/**
 * The nearest configuration above files, with the folders' answers cached: checking thousands of files
 * costs one stat per folder. `forget()` drops the cache when a configuration file may have changed.
 */
export class ConfigFinder {
  private readonly byDir = new Map<string, string | undefined>();
  private readonly loaded = new Map<string, LoadedConfig>();

  /** The configuration that applies to a file (an absolute or relative path), if any. */
  forFile(file: string): LoadedConfig | undefined {
    const found = this.find(path.dirname(path.resolve(file)));
    return found === undefined ? undefined : this.load(found);
  }

  /** Path of the nearest configuration file in `dir` or above it. */
  private find(dir: string): string | undefined {
    const seen: string[] = [];
    let found: string | undefined;
    for (let d = dir; ; d = path.dirname(d)) {
      if (this.byDir.has(d)) {
        found = this.byDir.get(d);
        break;
      }
      seen.push(d);
      const candidate = path.join(d, CONFIG_FILE_NAME);
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    for (const d of seen) this.byDir.set(d, found);
    return found;
  }

  private load(file: string): LoadedConfig {
    let c = this.loaded.get(file);
    if (!c) {
      try {
        c = loadConfigFile(file);
      } catch (e) {
        // Unreadable (permissions, a folder of that name): a problem of the file, reported like the others.
        const message = `cannot read the configuration file: ${(e as Error).message}`;
        c = new LoadedConfig(file, "", parseRepoConfig("").config, [{ line: 1, column: 1, start: 0, end: 0, message }]);
      }
      this.loaded.set(file, c);
    }
    return c;
  }

  forget(): void {
    this.byDir.clear();
    this.loaded.clear();
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
