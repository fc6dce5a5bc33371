// The findings cache (core/service/findings-cache.ts): after edits, what it keeps is what a fresh check
// gives, including for a chunk whose previous chunk's last line (a suppression comment) changed.
import { strict as assert } from "node:assert";
import { Finding } from "../../../core/model";
import { Chunk, ChunkedFile, ChunkedParser } from "../../../core/service/chunked-parse";
import { ChunkEpochs, FindingsCache } from "../../../core/service/findings-cache";

/** The line before the chunk (the previous chunk's last line), as the server's epochs read it. */
function lineBefore(file: ChunkedFile, chunk: Chunk): string {
  if (chunk.start === 0) return "";
  return file.text.slice(file.text.lastIndexOf("\n", chunk.start - 2) + 1, chunk.start - 1);
}

function epochs(file: ChunkedFile, stamp: string): ChunkEpochs {
  return { stamp, of: (chunk) => `${stamp}|${lineBefore(file, chunk)}` };
}

/** A checker whose findings depend on the chunk, the line before it and the stamp. */
const checker =
  (file: ChunkedFile, stamp: string) =>
  (chunk: Chunk): Finding[] => [
    {
      code: "c",
      severity: "warning",
      message: `${stamp} ${chunk.parsed.objects.map((o) => o.metadata.name).join(",")} after ${lineBefore(file, chunk)}`,
      file: file.file,
      span: { start: 0, end: 3 },
    },
  ];

const view = (lists: readonly (readonly Finding[])[]) => lists.map((l) => l.map((f) => [f.message, f.span.start, f.span.end]));

function run(cache: FindingsCache, file: ChunkedFile, stamp: string): (readonly Finding[])[] {
  const steps = cache.chunkSteps(file, epochs(file, stamp), checker(file, stamp));
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

describe("core/service/findings-cache", () => {
  it("after every edit, keeps what a fresh check gives (line before a chunk, stamps, moved chunks)", () => {
    const doc = (n: number) =>
      `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r${n}}\nrules: []\n# note ${n}\n`;
    const pieces = ["---\n", "# kube-rbac-disable-next-line c\n", "x", "\n", "metadata: {name: z}\n", ""];
    let seed = 11;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    let text = Array.from({ length: 10 }, (_, n) => doc(n)).join("");
    const parser = new ChunkedParser();
    const cache = new FindingsCache();
    for (let step = 0; step < 300; step++) {
      const a = random(text.length + 1);
      const b = Math.min(text.length, a + random(25));
      text = text.slice(0, a) + pieces[random(pieces.length)] + text.slice(b);
      const stamp = `s${random(4) === 0 ? step : 0}`;
      const file = parser.parse(text, "f");
      const fresh = new FindingsCache();
      assert.deepEqual(view(run(cache, file, stamp)), view(run(fresh, file, stamp)), text);
    }
  });

  it("looks up only the chunks that changed, and checks only the one edited", () => {
    const doc = (n: number) => `---\nmetadata: {name: r${n}}\nkind: ClusterRole\n`;
    const text = Array.from({ length: 50 }, (_, n) => doc(n)).join("");
    const parser = new ChunkedParser();
    const cache = new FindingsCache();
    run(cache, parser.parse(text, "f"), "s");
    const edited = text.replace("name: r20}", "name: role20}");
    const file = parser.parse(edited, "f");
    let looked = 0;
    let checked = 0;
    const count: ChunkEpochs = { stamp: "s", of: (chunk) => (looked++, epochs(file, "s").of(chunk)) };
    const steps = cache.chunkSteps(file, count, (chunk) => (checked++, checker(file, "s")(chunk)));
    for (let r = steps.next(); !r.done; r = steps.next());
    // The edited chunk, and the one after it (whose line before may have changed, but did not).
    assert.equal(looked, 2);
    assert.equal(checked, 1);
  });
});
