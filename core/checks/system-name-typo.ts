// W044: subjects that look like system names but match nothing the API server ever issues:
// the singular `system:serviceaccount:<ns>` as a Group, `system:serviceaccounts:<ns>:<sa>`, wrong case,
// stray spaces, near-misses of well-known names.

import type { Check, Fix } from "./context";
import { editDistance } from "./support/schema";
import { subjectsOf, valueSpan } from "./support/target";
import { yamlStringLike } from "./support/yaml";

const GROUPS = [
  "system:authenticated",
  "system:unauthenticated",
  "system:masters",
  "system:serviceaccounts",
  "system:nodes",
  "system:monitoring",
  "system:bootstrappers",
];
const USERS = ["system:anonymous", "system:kube-controller-manager", "system:kube-scheduler", "system:kube-proxy"];

function problem(kind: string, name: string): { why: string; meant?: string } | undefined {
  if (name !== name.trim()) return { why: "it has leading or trailing spaces, and names are compared exactly", meant: name.trim() };
  if (kind === "Group") {
    let m = /^system:serviceaccount:([^:]+)$/.exec(name);
    if (m)
      return {
        why: `no group "system:serviceaccount:<ns>" exists (the group of a namespace's ServiceAccounts is plural)`,
        meant: `system:serviceaccounts:${m[1]}`,
      };
    m = /^system:serviceaccounts?:([^:]+):([^:]+)$/.exec(name);
    if (m)
      return { why: `that is the user name of one ServiceAccount, not a group; use kind ServiceAccount (name ${m[2]}, namespace ${m[1]})` };
  }
  if (kind === "User" && /^system:serviceaccounts:[^:]+:[^:]+$/.test(name)) {
    return {
      why: "ServiceAccount user names are singular (system:serviceaccount:<ns>:<name>)",
      meant: name.replace("system:serviceaccounts:", "system:serviceaccount:"),
    };
  }
  if (kind === "User" && GROUPS.includes(name)) return { why: `"${name}" is a group, not a user name; use kind: Group` };
  const known = kind === "Group" ? GROUPS : kind === "User" ? USERS : [];
  if (known.includes(name)) return undefined;
  const ci = known.find((k) => k.toLowerCase() === name.toLowerCase());
  if (ci) return { why: "names are case-sensitive", meant: ci };
  if (name.toLowerCase().startsWith("system:") || name.toLowerCase().startsWith("system-")) {
    const near = known.find((k) => editDistance(name.toLowerCase(), k) <= 2);
    if (near) return { why: `it is not a name the API server issues (did you mean "${near}"?)`, meant: near };
  }
  return undefined;
}

export const systemNameTypo: Check = {
  code: "system-name-typo",
  defaultSeverity: "warning",
  title: "Subject name that looks like a mistyped system user or group",
  object(t, report) {
    for (const s of subjectsOf(t)) {
      const p = problem(s.subject.kind, s.subject.name);
      if (!p) continue;
      const span = valueSpan(t, [...s.path, "name"]);
      if (!span) continue;
      const fixes: Fix[] = p.meant
        ? [{ title: `Use ${p.meant}`, edits: [{ span, newText: yamlStringLike(p.meant, t.file.text.slice(span.start, span.end)) }] }]
        : [];
      report(span, `${s.subject.kind} "${s.subject.name}" matches no identity: ${p.why}. The binding grants nothing to it.`, { fixes });
    }
  },
};
