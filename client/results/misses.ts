// Nearest misses in a report: the grants that would allow a denied request if one thing were different,
// worded as `kube-rbac can-i --explain` words them (core/nearest-miss.ts). A long list (who-can over a big
// cluster) shows its first ones; the JSON export carries them all.
import { describeMiss, NearestMiss } from "../../core/nearest-miss";
import type { ReportSection } from "./report";

const SHOWN = 50;

/** The "Nearest misses" section, or none when there are none. */
export function missesSections(misses: readonly NearestMiss[]): ReportSection[] {
  if (misses.length === 0) return [];
  const lines = misses.slice(0, SHOWN).map((m) => ({ text: `${m.kind}: ${describeMiss(m)}` }));
  if (misses.length > SHOWN) lines.push({ text: `… and ${misses.length - SHOWN} more (all of them in the JSON export)` });
  return [{ heading: "Nearest misses", lines }];
}
