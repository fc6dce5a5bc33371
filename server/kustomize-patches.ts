// Files a kustomization lists as patches are checked as patches: what they leave out is not missing
// (core/render/patch.ts). Whether a file is one is read from the kustomization file beside it.

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Finding } from "../core/model";
import { asPatch } from "../core/render/patch";
import { KUSTOMIZATION_FILES } from "../render/kustomize";
import { patchFiles } from "../render/project";

/** The kustomization's patch files, by its modification time: read again only when it changes. */
const listed = new Map<string, { mtimeMs: number; patches: Set<string> }>();

export function isKustomizePatch(uri: string): boolean {
  if (!uri.startsWith("file:")) return false;
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return false;
  }
  const dir = path.dirname(file);
  for (const name of KUSTOMIZATION_FILES) {
    const k = path.join(dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(k).mtimeMs;
    } catch {
      continue;
    }
    let entry = listed.get(k);
    if (!entry || entry.mtimeMs !== mtimeMs) listed.set(k, (entry = { mtimeMs, patches: new Set(patchFiles(dir)) }));
    return entry.patches.has(file);
  }
  return false;
}

/** The findings of a patch, one list per list given (the same list for the same input, so unchanged findings stay unchanged). */
const filtered = new WeakMap<readonly Finding[], readonly Finding[]>();

export function patchFindings(list: readonly Finding[]): readonly Finding[] {
  let out = filtered.get(list);
  if (!out) filtered.set(list, (out = asPatch(list)));
  return out;
}
