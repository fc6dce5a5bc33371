#!/usr/bin/env node
// The same in-editor suite in a desktop VS Code downloaded by @vscode/test-electron (machines with
// network access). Runs on a copy of examples/workspace with no kubeconfig, like run-code-server.mjs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runTests } from "@vscode/test-electron";
import { build, copyWorkspace, ROOT } from "../../scripts/lib/code-server.mjs";

if (!process.argv.includes("--no-build")) build();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-electron-"));
const resultFile = path.join(scratch, "result.json");
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? "1.100.3",
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, "out", "test", "vscode", "suite", "index.js"),
    launchArgs: [copyWorkspace(), "--disable-extensions", "--disable-workspace-trust"],
    extensionTestsEnv: { KUBECONFIG: path.join(scratch, "no-kubeconfig"), KUBE_RBAC_TEST_RESULT: resultFile },
  });
} catch {
  // the report below says what failed
}
const report = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, "utf8")) : undefined;
console.log(report ? `${report.passed} passed, ${report.failed} failed` : "0 passed, 1 failed");
process.exit(report && report.failed === 0 ? 0 : 1);
