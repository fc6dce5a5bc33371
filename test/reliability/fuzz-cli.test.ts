// Hostile command lines: random commands, flags, values and files (hostile manifests, missing paths,
// folders, a hostile kubeconfig). `run` must always resolve with a documented exit code (0, 1 or 2),
// never throw and never report an internal error (3); nothing reaches a cluster (KUBECONFIG and HOME
// point into an empty temporary folder).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as fc from "fast-check";
import { run } from "../../cli/run";
import { figure } from "../cluster/live-support";
import { FUZZ_RUNS, fuzzParameters, hostileText } from "../support/fuzz";

const RUNS = Math.max(50, Math.ceil(FUZZ_RUNS / 10));
const WORDS = [
  "check",
  "can-i",
  "who-can",
  "permissions",
  "snapshot",
  "help",
  "bogus",
  "get",
  "list",
  "*",
  "pods",
  "secrets",
  "pods/log",
  "deployments.apps",
  "roles",
  "/healthz",
  "/api/*",
  "nodes",
  "-f",
  "--filename",
  "-n",
  "--namespace=",
  "-A",
  "--all-namespaces=maybe",
  "--as",
  "--as=system:serviceaccount:",
  "--as-group",
  "--subresource",
  "--explain",
  "-o",
  "json",
  "yaml",
  "sarif",
  "--output=table",
  "--kubeconfig",
  "--context",
  "-h",
  "--",
  "-",
  "--=",
  "-x",
  "🙂",
  "",
  " ",
  "\u0000",
];

describe("reliability: hostile command lines", function () {
  this.timeout(0);
  let dir = "";
  const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-fuzz-cli-"));
    process.env.KUBECONFIG = path.join(dir, "no-such-kubeconfig");
    process.env.HOME = dir;
  });
  after(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`always exits 0, 1 or 2 with a message, never throws (${RUNS} command lines)`, async () => {
    const exits = new Map<number, number>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
            fc.constantFrom("@file", "@kubeconfig", "@missing", "@dir"),
            fc.string({ maxLength: 10 }),
          ),
          { maxLength: 10 },
        ),
        hostileText,
        async (words, text) => {
          const i = n++;
          const file = path.join(dir, `in-${i % 4}.yaml`);
          fs.writeFileSync(file, text);
          fs.writeFileSync(path.join(dir, "kubeconfig"), text);
          const argv = words.map((w) =>
            w === "@file"
              ? file
              : w === "@kubeconfig"
                ? path.join(dir, "kubeconfig")
                : w === "@missing"
                  ? path.join(dir, "missing.yaml")
                  : w === "@dir"
                    ? dir
                    : w,
          );
          let err = "";
          let out = "";
          const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
          exits.set(code, (exits.get(code) ?? 0) + 1);
          assert.ok(code === 0 || code === 1 || code === 2, `exit ${code} for ${JSON.stringify(argv)}: ${err}`);
          // Usage problems say so (no command at all prints the help).
          if (code === 2)
            assert.ok(/^error: /.test(err) || (argv.length === 0 && out.startsWith("kube-rbac:")), `${JSON.stringify(argv)}: ${err}`);
        },
      ),
      fuzzParameters(RUNS),
    );
    figure(
      "command line, hostile argv and files",
      `${RUNS} runs, exit codes ${[...exits]
        .sort()
        .map(([c, k]) => `${c}: ${k}`)
        .join(", ")}`,
    );
  });
});
