// Where the command line writes. Tests pass buffers; main.ts passes the process streams.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input (`check -`); absent: there is none to read. */
  stdin?(): Promise<string>;
}

/** Input the command cannot use (an unreadable file, an unreachable cluster): exit code EXIT.input. */
export class InputError extends Error {}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, no: 1, usage: 2, input: 2, internal: 3 } as const;

/** A left-aligned table with two spaces between columns, like kubectl's. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}
