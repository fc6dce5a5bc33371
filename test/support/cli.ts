// The command line run in-process, its output captured.
import { strict as assert } from "node:assert";
import { run } from "../../cli/run";

export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Runs the command line and asserts its exit code, then its whole standard output, given line by line. */
export async function assertPrints(argv: string[], code: number, lines: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await cli(...argv);
  assert.equal(r.code, code);
  assert.equal(r.out, lines.join("\n"));
  return r;
}
