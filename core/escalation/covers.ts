// Whether owner rules cover every atom of a role's rules (upstream `Covers`, the answer only): the atoms of
// each list of rules are broken down once, and the check stops at the first atom no owner rule covers.

import { Atom, breakdownRule, ruleCoversAtom } from "../escalation-prevention";
import { PolicyRule } from "../model";

const atomsOf = new WeakMap<readonly PolicyRule[], readonly Atom[]>();

/** The same answer as `covers(owner, servant).covered`. */
export function coversAll(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): boolean {
  let atoms = atomsOf.get(servant);
  if (!atoms) atomsOf.set(servant, (atoms = servant.flatMap((rule) => breakdownRule(rule))));
  for (const atom of atoms) if (!owner.some((o) => ruleCoversAtom(o, atom))) return false;
  return true;
}
