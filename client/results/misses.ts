// Nearest misses in a report: the grants that would allow a denied request if one thing were different,
// worded as `kube-rbac can-i --explain` words them (core/nearest-miss.ts).
import { describeMiss, NearestMiss } from "../../core/nearest-miss";
import type { ReportSection } from "./report";

/** The "Nearest misses" section, or none when there are none. */
export function missesSections(misses: readonly NearestMiss[]): ReportSection[] {
  if (misses.length === 0) return [];
  return [{ heading: "Nearest misses", lines: misses.map((m) => ({ text: `${m.kind}: ${describeMiss(m)}` })) }];
}
