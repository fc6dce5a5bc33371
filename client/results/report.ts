// A result shown in the result view and exported to a file: the verdict first, then sections of lines
// whose links open the binding, the role or the rule an answer comes from. Pure data and its Markdown
// rendering; no vscode import. Other answers may add sections (nearest misses, "can become"...).
import type { Provenance } from "../../core/effective";

export interface ReportLink {
  readonly label: string;
  readonly provenance: Provenance;
  /** The binding, the role (its whole object) or the rule inside the role. */
  readonly which: "binding" | "role" | "rule";
}

export interface ReportLine {
  readonly text: string;
  /** A block shown as code (RBAC YAML) under the text. */
  readonly code?: string;
  readonly links?: readonly ReportLink[];
}

export interface ReportSection {
  readonly heading: string;
  readonly lines: readonly ReportLine[];
}

export interface Report {
  readonly kind: "who-can" | "can-i" | "permissions" | "what-if" | "can-apply";
  readonly title: string;
  /** One sentence that answers the question; the first line of every rendering. */
  readonly verdict: string;
  readonly tone: "yes" | "no" | "neutral";
  /** Where the answer comes from (snapshot, workspace, identity), and whose computation it is. */
  readonly note?: string;
  readonly sections: readonly ReportSection[];
  /** The machine-readable form of the same answer. */
  readonly json: string;
}

/** The three links of a grant: binding, role, rule. */
export function grantLinks(p: Provenance): ReportLink[] {
  const ns = (n: string, name: string) => (n ? `${n}/${name}` : name);
  const bns = p.binding.kind === "RoleBinding" ? p.bindingNamespace : "";
  const rns = p.role.kind === "Role" ? p.role.metadata.namespace || p.bindingNamespace : "";
  return [
    { label: `${p.binding.kind} ${ns(bns, p.binding.metadata.name)}`, provenance: p, which: "binding" },
    { label: `${p.role.kind} ${ns(rns, p.role.metadata.name)}`, provenance: p, which: "role" },
    { label: `rules[${p.ruleIndex}]`, provenance: p, which: "rule" },
  ];
}

/** The report as Markdown: verdict on the first line, then the note, then the sections. */
export function reportMarkdown(r: Report): string {
  const out = [`**${r.verdict}**`, "", `# ${r.title}`, ""];
  if (r.note) out.push(`_${r.note}_`, "");
  for (const s of r.sections) {
    out.push(`## ${s.heading}`, "");
    for (const l of s.lines) {
      const links = l.links?.length ? ` — ${l.links.map((k) => k.label).join(" → ")}` : "";
      out.push(`- ${l.text}${links}`);
      if (l.code) out.push("", "  ```yaml", ...l.code.split("\n").map((x) => `  ${x}`), "  ```", "");
    }
    out.push("");
  }
  return out.join("\n");
}
