// Where the command line gets RBAC state from: `-f/--filename` files and folders of manifests, or
// `kubectl get … -o yaml|json` dumps. (A live cluster is the other source: see cluster/.)

import * as fs from "node:fs";
import * as path from "node:path";
import { objectsFromPlain } from "../core/load";
import { NamedObject, RbacObject } from "../core/model";
import { parseManifests } from "../core/parse";

import { InputError } from "./io";

export { InputError };

const MANIFEST_RE = /\.(ya?ml|json)$/i;

/**
 * Every manifest file below the given paths, in a stable order. Folders are walked recursively; files and
 * folders for which `skip` says true (ignored by the repository configuration) are left out.
 */
export function expandPaths(paths: readonly string[], skip: (p: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    if (skip(p)) return;
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new InputError(`the path "${p}" does not exist`);
    }
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (entry === "node_modules" || entry.startsWith(".")) continue;
        const child = path.join(p, entry);
        const isDir = fs.statSync(child).isDirectory();
        if (isDir || MANIFEST_RE.test(entry)) walk(child, false);
      }
    } else if (explicit || MANIFEST_RE.test(p)) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

export interface LoadedState {
  readonly objects: RbacObject[];
  readonly others: NamedObject[];
  readonly files: string[];
  /** Problems that did not stop loading (YAML errors in a document, …), one line each. */
  readonly warnings: string[];
}

export function loadState(paths: readonly string[]): LoadedState {
  const files = expandPaths(paths);
  const state: LoadedState = { objects: [], others: [], files, warnings: [] };
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const trimmed = text.trimStart();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      // JSON dumps can be large: the JSON parser is much faster than a YAML one.
      try {
        const value: unknown = JSON.parse(text);
        const vals = Array.isArray(value) ? value : [value];
        for (const v of vals) objectsFromPlain(v, state);
        continue;
      } catch {
        // Not JSON after all (a YAML flow mapping): fall through to the YAML parser.
      }
    }
    const parsed = parseManifests(text, file, { spans: false });
    state.objects.push(...parsed.objects);
    state.others.push(...parsed.others);
    for (const f of parsed.findings) state.warnings.push(`${file}: ${f.message}`);
  }
  return state;
}
