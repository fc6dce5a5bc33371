// The extension host's test entry (`extensionTestsPath`): runs every *.test.js of this folder with mocha
// and writes a JSON report to $KUBE_RBAC_TEST_RESULT (the code-server runner waits for that file).
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

interface TestReport {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: { title: string; state: string; durationMs?: number; error?: string }[];
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 60_000, reporter: "spec" });
  const grep = process.env.KUBE_RBAC_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(".test.js"))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  const report: TestReport = { passed: 0, failed: 0, pending: 0, durationMs: 0, tests: [] };
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on("pass", (t) => {
      report.passed++;
      report.tests.push({ title: t.fullTitle(), state: "passed", durationMs: t.duration });
    });
    runner.on("fail", (t, err: Error) => {
      report.failed++;
      report.tests.push({ title: t.fullTitle(), state: "failed", error: `${err.message}\n${err.stack ?? ""}`.slice(0, 4000) });
    });
    runner.on("pending", (t) => {
      report.pending++;
      report.tests.push({ title: t.fullTitle(), state: "pending" });
    });
  });
  report.durationMs = Date.now() - started;
  const out = process.env.KUBE_RBAC_TEST_RESULT;
  if (out) {
    // Written under another name, then renamed: the runner reads the report as soon as its name appears.
    fs.writeFileSync(`${out}.partial`, JSON.stringify(report, null, 2));
    fs.renameSync(`${out}.partial`, out);
  }
  console.log(`${report.passed} passed, ${report.failed} failed`);
  if (report.failed > 0) throw new Error(`${report.failed} test(s) failed`);
}
