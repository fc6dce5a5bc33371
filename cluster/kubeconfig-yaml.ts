// A small, strict reader for the YAML that kubectl and the tools that write kubeconfigs produce (kubectl
// config, az aks get-credentials, kind, minikube, client-go's clientcmd): block mappings and sequences
// indented by spaces, one-line plain and quoted scalars, comments, `[]` and `{}` as whole values.
//
// Why: a kubeconfig is the first and often the only YAML a command-line run reads, so the full `yaml`
// parser (lexer, composer, document model) would run cold, interpreted, for a few kilobytes of text.
// This reader is a handful of small functions over lines instead.
//
// Contract: `readSimpleYaml(text)` returns exactly what `parse(text, { logLevel: "error" })` of the
// `yaml` package returns (same values, types and key order) when the text is inside that subset, and
// `undefined` for anything else: anchors, tags, block scalars, flow collections with content, multi-line
// scalars, several documents, numbers, non-string keys, duplicate keys, tabs, carriage returns or
// unusual characters. The caller then parses with the `yaml` package, so errors, their positions and
// every unusual file behave exactly as before. Whenever in doubt, this reader gives up.

interface Line {
  readonly indent: number;
  /** The line from its first non-space character, trailing spaces kept. */
  readonly text: string;
}

/** Thrown (never outside this file) when the text leaves the subset. */
const OUTSIDE = new Error("outside the simple YAML subset");
function outside(): never {
  throw OUTSIDE;
}

// Printable characters only: no tab, carriage return, C0/C1 controls, byte order mark, line or
// paragraph separator, unpaired surrogate or non-character.
const UNUSUAL_CHARACTER = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;
// Plain scalars the YAML 1.2 core schema (as the `yaml` package implements it) resolves to numbers; all
// start with a digit, a sign or a dot.
const CORE_NUMBERS = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
// A plain scalar may not start with an indicator; `-` is fine when a non-space follows (`--flag`).
const INDICATOR_START = /^(?:[?:,[\]{}#&*!|>'"%@`]|-(?: |$))/;
const DOUBLE_QUOTED_ESCAPES = new Map([
  ["0", "\0"],
  ["a", "\x07"],
  ["b", "\b"],
  ["e", "\x1b"],
  ["f", "\f"],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
  ["v", "\v"],
  ["N", "\u0085"],
  ["_", "\u00a0"],
  ["L", "\u2028"],
  ["P", "\u2029"],
  [" ", " "],
  ['"', '"'],
  ["/", "/"],
  ["\\", "\\"],
]);
/** Implicit keys longer than 1024 characters are an error in YAML: leave them to the full parser. */
const MAX_KEY_LENGTH = 1000;

/** The value `yaml`'s `parse(text, { logLevel: "error" })` gives, or undefined when `text` is outside the subset. */
export function readSimpleYaml(text: string): unknown {
  try {
    const lines = significantLines(text);
    if (lines.length === 0) return undefined;
    const reader = new Reader(lines);
    const value = reader.node(lines[0].indent);
    return reader.done() ? value : undefined;
  } catch {
    // OUTSIDE, or anything unexpected (a nesting deep enough to exhaust the stack): the full parser decides.
    return undefined;
  }
}

/** The lines that carry content: blank lines and full-line comments dropped, one leading `---` allowed. */
function significantLines(text: string): Line[] {
  if (UNUSUAL_CHARACTER.test(text)) outside();
  const lines: Line[] = [];
  let marker = false;
  for (const raw of text.split("\n")) {
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    if (indent === raw.length || raw[indent] === "#") continue;
    if (indent === 0 && (raw.startsWith("---") || raw.startsWith("..."))) {
      if (marker || lines.length > 0 || !/^--- *$/.test(raw)) outside();
      marker = true;
      continue;
    }
    lines.push({ indent, text: raw.slice(indent) });
  }
  return lines;
}

function isSequenceEntry(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

class Reader {
  private next = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.next === this.lines.length;
  }

  /** The block (mapping or sequence) whose first line, the next one, is indented by `indent`. */
  node(indent: number): unknown {
    return isSequenceEntry(this.lines[this.next].text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let line = this.lines[this.next]; line && line.indent >= indent; line = this.lines[this.next]) {
      if (line.indent > indent || isSequenceEntry(line.text)) outside();
      const { key, rest } = splitKey(line.text) ?? outside();
      if (key === "__proto__" || Object.hasOwn(map, key)) outside();
      this.next++;
      map[key] = this.value(rest, indent, true);
    }
    return map;
  }

  private sequence(indent: number): unknown[] {
    const seq: unknown[] = [];
    for (let line = this.lines[this.next]; line && line.indent >= indent; line = this.lines[this.next]) {
      if (line.indent > indent) outside();
      if (!isSequenceEntry(line.text)) break; // the parent mapping's next key (kubectl's `key:\n- item`)
      let start = 1;
      while (line.text[start] === " ") start++;
      const rest = line.text.slice(start);
      if (rest !== "" && rest[0] !== "#" && splitKey(rest)) {
        // `- key: value`: a mapping whose keys line up with this first one
        this.lines[this.next] = { indent: indent + start, text: rest };
        seq.push(this.mapping(indent + start));
      } else {
        if (isSequenceEntry(rest)) outside();
        this.next++;
        seq.push(this.value(rest, indent, false));
      }
    }
    return seq;
  }

  /** The value after `key:` or `-` on a line indented by `indent`: on that line, or the block below it. */
  private value(rest: string, indent: number, inMapping: boolean): unknown {
    if (rest === "" || rest[0] === "#") {
      const below = this.lines[this.next];
      if (below && below.indent > indent) return this.node(below.indent);
      if (below && inMapping && below.indent === indent && isSequenceEntry(below.text)) return this.sequence(indent);
      return null;
    }
    return scalar(rest);
  }
}

/** `key: rest` (rest without its leading spaces), or undefined when the text is not a mapping entry. */
function splitKey(text: string): { key: string; rest: string } | undefined {
  let key: unknown;
  let after: string;
  if (text[0] === '"' || text[0] === "'") {
    const q = quoted(text);
    if (!q) return undefined;
    key = q.value;
    after = q.after;
  } else {
    const colon = text.search(/:(?: |$)/);
    const comment = text.indexOf(" #");
    if (colon <= 0 || (comment >= 0 && comment < colon)) return undefined;
    key = plain(text.slice(0, colon));
    after = text.slice(colon);
  }
  if (!(after === ":" || after.startsWith(": "))) return undefined;
  if (typeof key !== "string" || text.length - after.length > MAX_KEY_LENGTH) outside();
  return { key, rest: after.slice(1).replace(/^ +/, "") };
}

/** A whole value on one line: quoted, plain, `[]` or `{}`, with an optional trailing comment. */
function scalar(text: string): unknown {
  if (text[0] === '"' || text[0] === "'") {
    const q = quoted(text) ?? outside();
    if (!/^(?: *$| +#)/.test(q.after)) outside();
    return q.value;
  }
  const empty = /^(\[\]|\{\})(?: *$| +#)/.exec(text);
  if (empty) return empty[1] === "[]" ? [] : {};
  const comment = text.indexOf(" #");
  return plain(comment < 0 ? text : text.slice(0, comment));
}

/** A one-line plain scalar resolved with the core schema; numbers and anything unclear leave the subset. */
function plain(source: string): unknown {
  const text = source.replace(/ +$/, "");
  if (text === "" || INDICATOR_START.test(text)) outside();
  if (text.includes(": ") || text.includes(" #") || text.endsWith(":")) outside();
  // Dispatch on the first character: each pattern is compiled only when a scalar could match it.
  const first = text[0];
  if ("~nN".includes(first) && /^(?:~|[Nn]ull|NULL)$/.test(text)) return null;
  if ("tT".includes(first) && /^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if ("fF".includes(first) && /^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  if ("+-.0123456789".includes(first) && CORE_NUMBERS.some((re) => re.test(text))) outside();
  return text;
}

/** A quoted scalar at the start of `text`, and what follows it; undefined when it does not close on this line. */
function quoted(text: string): { value: string; after: string } | undefined {
  return text[0] === "'" ? singleQuoted(text) : doubleQuoted(text);
}

function singleQuoted(text: string): { value: string; after: string } | undefined {
  let value = "";
  for (let i = 1; ;) {
    const end = text.indexOf("'", i);
    if (end < 0) return undefined;
    value += text.slice(i, end);
    if (text[end + 1] !== "'") return { value, after: text.slice(end + 1) };
    value += "'";
    i = end + 2;
  }
}

function doubleQuoted(text: string): { value: string; after: string } | undefined {
  let value = "";
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value, after: text.slice(i + 1) };
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    const simple = DOUBLE_QUOTED_ESCAPES.get(e);
    if (simple !== undefined) {
      value += simple;
      i += 2;
      continue;
    }
    const digits = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : outside();
    const hex = text.slice(i + 2, i + 2 + digits);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) outside();
    value += String.fromCodePoint(parseInt(hex, 16));
    i += 2 + digits;
  }
  return undefined;
}
