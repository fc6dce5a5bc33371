// A file a kustomization lists as a patch holds only what it changes: what it leaves out is not missing.
// Its other findings stand: what it sets replaces what the base had (a strategic-merge patch of an RBAC
// object replaces the base's whole rules or subjects list, so a rule in a patch must be complete).

import { Finding } from "../model";

/** Codes that report a part of the object as absent. */
const ABSENT = new Set(["missing-role-ref", "no-subjects", "missing-name"]);

export function absentInPatch(code: string): boolean {
  return ABSENT.has(code);
}

export function asPatch(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !absentInPatch(f.code));
}
