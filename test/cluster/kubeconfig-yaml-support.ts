// Generated YAML texts in the shapes kubeconfig writers produce, with keys and values drawn from tricky
// characters (quotes, colons, `#`, unicode, numbers, booleans, empty strings, `~`) and the layout varied
// (indentation widths, sequences level with their key or deeper, `- key:` compact items, comments, blank
// lines, a leading `---`), plus a few damaged ones. Seeded, so a failure replays.

/** A small deterministic pseudo-random generator (mulberry32). */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Words as kubeconfigs hold them. */
const ORDINARY_WORDS: readonly string[] = [
  ...["name", "cluster", "user", "server", "token", "apiVersion", "v1", "Config", "kube-rbac-test", "a", "b", "x y"],
  ...["https://127.0.0.1:6443", "client.authentication.k8s.io/v1beta1", "LS0tLS1CRUdJTi=", "6dae42f8-4368-4678", "--login"],
];

/** Words that look ordinary, and words that are special to YAML or to its core schema. */
export const TRICKY_WORDS: readonly string[] = [
  ...ORDINARY_WORDS,
  ...["Mon, 01 Jan 2024 10:00:00 UTC", "10:00", "a:b", "a: b", "a:", ":a", "a #b", "a#b", "#a", "a # b: c"],
  ...["", " ", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "tRue", "false", "FALSE", "yes", "no", "on", "off"],
  ...["0", "1", "-1", "+1", "007", "08", "0o17", "0o8", "0x1F", "0xG", "1e3", "1E-3", "1.5", ".5", "1.", "-.5", "1_000", "0b101"],
  ...[".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".Nan", "1.2.3", "3d", "1,5", "12:30:00", "2026-12-06", "v1.34.4"],
  ...["-", "-a", "- a", "--", "---", "...", "?", "?a", "? a", "!a", "&a", "*a", "|", ">", "%a", "@a", "`a", ",a", "a,b"],
  ...["[]", "{}", "[a]", "{a: 1}", "a]", "a}", "a[b]", "'", "''", "it's", '"', 'say "hi"', "\\", "a\\nb", "a\\"],
  ...["é", "日本語", "😀", "a\u00a0b", "\u00a0", "ü ", " a", "a ", "a  b", "__proto__", "constructor", "toString", "$HOME"],
];

function singleQuoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function doubleQuoted(s: string, random: Random): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (code > 0x7e && random.chance(0.3))
      out += code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    else if (ch === " " && random.chance(0.1)) out += "\\x20";
    else out += ch;
  }
  return `${out}"`;
}

/** A scalar as written in a file: plain (as it is, even when that changes its meaning), or quoted. */
export function scalarText(random: Random, word = random.pick(random.chance(0.6) ? ORDINARY_WORDS : TRICKY_WORDS)): string {
  const style = random.int(10);
  if (style < 6) return word;
  if (style < 8) return singleQuoted(word);
  return doubleQuoted(word, random);
}

function comment(random: Random): string {
  return random.pick([" # note", "  #: x", " #", "#glued", " # 'quoted' \"x\""]);
}

class Writer {
  readonly lines: string[] = [];

  constructor(private readonly random: Random) {}

  /** A mapping; its first line starts with `first` (spaces, or `- ` of a compact sequence item). */
  mapping(indent: number, depth: number, first = " ".repeat(indent)): void {
    const n = 1 + this.random.int(4);
    for (let i = 0; i < n; i++) {
      const prefix = i === 0 ? first : " ".repeat(indent);
      this.entry(`${prefix}${scalarText(this.random)}:`, indent, depth, true);
    }
  }

  sequence(indent: number, depth: number): void {
    const n = 1 + this.random.int(3);
    for (let i = 0; i < n; i++) {
      const dash = `${" ".repeat(indent)}-`;
      if (depth > 0 && this.random.chance(0.4)) {
        const gap = this.random.chance(0.85) ? 1 : 2 + this.random.int(2);
        this.mapping(indent + 1 + gap, depth - 1, dash + " ".repeat(gap));
      } else this.entry(dash, indent, depth, false);
    }
  }

  /** What follows `head` (a `key:` or a `-`): a value on the line, or a block below it. */
  private entry(head: string, indent: number, depth: number, inMapping: boolean): void {
    const r = this.random;
    const kind = depth > 0 ? r.int(10) : 0;
    if (kind < 6) {
      const value = r.chance(0.12) ? "" : r.chance(0.06) ? r.pick(["[]", "{}", "[ ]", "[a]", "{a: b}"]) : scalarText(r);
      this.lines.push(`${head}${value === "" ? "" : " "}${value}${r.chance(0.1) ? comment(r) : ""}`);
      return;
    }
    this.lines.push(head + (r.chance(0.1) ? comment(r) : ""));
    const deeper = indent + 1 + r.int(4);
    if (kind < 8) this.mapping(deeper, depth - 1);
    else this.sequence(inMapping && r.chance(0.6) ? indent : deeper, depth - 1);
  }
}

/** Blank lines and comment lines at random indentations, between any two lines. */
function sprinkle(lines: string[], random: Random): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (random.chance(0.05)) out.push(random.pick(["", "  ", "# a comment", "    # indented: comment", "#"]));
    out.push(line);
  }
  return out;
}

/** Small damage: a character removed or doubled, a space or tab added, a line lost, CRLF endings. */
function damage(text: string, random: Random): string {
  const at = random.int(text.length + 1);
  switch (random.int(5)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text[at] + text.slice(at);
    case 2:
      return text.slice(0, at) + random.pick([" ", "\t", "\n", ":", "#", "'", '"', "-"]) + text.slice(at);
    case 3:
      return text.replace(/\n[^\n]*/, "");
    default:
      return text.replace(/\n/g, "\r\n");
  }
}

/** One generated document: mostly well formed, sometimes with `---`, sometimes damaged. */
export function generatedYaml(random: Random): string {
  const w = new Writer(random);
  if (random.chance(0.15)) w.sequence(0, 3);
  else w.mapping(0, 3);
  const lines = sprinkle(w.lines, random);
  if (random.chance(0.1)) lines.unshift(random.pick(["---", "--- ", "# head", "--- # x", "--- a"]));
  const text = lines.join("\n") + (random.chance(0.9) ? "\n" : "");
  return random.chance(0.1) ? damage(text, random) : text;
}
