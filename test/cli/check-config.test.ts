// The repository configuration (`.kube-rbac.yaml`) changes what `kube-rbac check` reports and its exit
// code: severities, disabled checks, ignored paths, the catalog version; the nearest file wins; problems in
// the file stop the run with their lines.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../../cli/run";
import { CONFIG_ROLE as ROLE } from "../support/fixtures";

async function check(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await run(["check", ...argv], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** `code@line` of each finding of a JSON run. */
async function found(...argv: string[]): Promise<{ code: number; findings: string[] }> {
  const r = await check(...argv, "-o", "json");
  const findings =
    r.code === 2 ? [] : (JSON.parse(r.out) as { file: string; code: string; severity: string; range: { start: { line: number } } }[]);
  return { code: r.code, findings: findings.map((d) => `${path.basename(d.file)} ${d.code}@${d.range.start.line + 1} ${d.severity}`) };
}

describe("cli check under the repository configuration", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-config-"));
    fs.mkdirSync(path.join(dir, "team", "legacy"), { recursive: true });
    fs.writeFileSync(path.join(dir, "a.yaml"), ROLE);
    fs.writeFileSync(path.join(dir, "team", "b.yaml"), ROLE);
    fs.writeFileSync(path.join(dir, "team", "legacy", "c.yaml"), ROLE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = (rel: string, text: string) => fs.writeFileSync(path.join(dir, rel, ".kube-rbac.yaml"), text);

  it("checks with the defaults when there is no configuration", async () => {
    assert.deepEqual(await found(path.join(dir, "a.yaml")), {
      code: 1,
      findings: ["a.yaml wildcard@7 warning", "a.yaml missing-verbs@8 error"],
    });
  });

  it("re-levels and disables checks: the exit code follows", async () => {
    config(".", "severity:\n  missing-verbs: warning\n  wildcard: error\n");
    assert.deepEqual(await found(path.join(dir, "a.yaml")), {
      code: 1,
      findings: ["a.yaml wildcard@7 error", "a.yaml missing-verbs@8 warning"],
    });
    config(".", "severity:\n  missing-verbs: warning\ndisabledChecks: [wildcard]\n");
    assert.deepEqual(await found(path.join(dir, "a.yaml")), { code: 0, findings: ["a.yaml missing-verbs@8 warning"] });
    assert.equal((await check(path.join(dir, "a.yaml"), "--fail-on", "warning")).code, 1);
    config(".", "severity: {missing-verbs: off, wildcard: off}\n");
    assert.deepEqual(await found(path.join(dir, "a.yaml")), { code: 0, findings: [] });
  });

  it("skips ignored paths, and the nearest configuration above a file wins", async () => {
    config(".", "ignore: [team/legacy/]\ndisabledChecks: [wildcard]\n");
    assert.deepEqual(await found(dir), { code: 1, findings: ["a.yaml missing-verbs@8 error", "b.yaml missing-verbs@8 error"] });
    // Given explicitly, an ignored file is still ignored.
    assert.deepEqual(await found(path.join(dir, "team", "legacy", "c.yaml")), { code: 0, findings: [] });
    // team/ has its own configuration: its files use it, not the root's (whose ignore pattern no longer applies).
    config("team", "disabledChecks: [missing-verbs]\n");
    assert.deepEqual(await found(dir), {
      code: 1,
      findings: ["a.yaml missing-verbs@8 error", "b.yaml wildcard@7 warning", "c.yaml wildcard@7 warning"],
    });
    // Standard input is placed by its --stdin-filename.
    let out = "";
    const io = { out: (t: string) => (out += t), err: () => undefined, stdin: async () => ROLE };
    const code = await run(["check", "-", "--stdin-filename", path.join(dir, "team", "x.yaml"), "-o", "json"], io);
    assert.deepEqual([code, (JSON.parse(out) as { code: string }[]).map((d) => d.code)], [0, ["wildcard"]]);
  });

  it("checks against the configured Kubernetes version's catalog, and refuses an unknown version with its line", async () => {
    // PodCertificateRequests are served from Kubernetes v1.34 on.
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: dev}
rules:
- apiGroups: [certificates.k8s.io]
  resources: [podcertificaterequests]
  verbs: [get]
`;
    fs.writeFileSync(path.join(dir, "a.yaml"), role);
    assert.deepEqual(await found(path.join(dir, "a.yaml")), { code: 0, findings: [] });
    config(".", 'kubernetesVersion: "1.34"\n');
    assert.deepEqual(await found(path.join(dir, "a.yaml")), { code: 0, findings: [] });
    config(".", 'kubernetesVersion: "1.33"\nseverity: {unknown-resource: error}\n');
    const r = await check(path.join(dir, "a.yaml"), "-o", "json");
    assert.equal(r.code, 1);
    assert.deepEqual(
      (JSON.parse(r.out) as { code: string; range: { start: { line: number } }; message: string }[]).map((d) => [
        d.code,
        d.range.start.line,
      ]),
      [["unknown-resource", 5]],
    );
    config(".", "# CI's cluster\nkubernetesVersion: v1.12\n");
    assert.deepEqual(await check(path.join(dir, "a.yaml")), {
      code: 2,
      out: "",
      err: `error: the configuration file has problems:\n${path.join(dir, ".kube-rbac.yaml")}:2:20: no API catalog for Kubernetes v1.12: the versions kube-rbac knows are v1.33, v1.34\n`,
    });
  });

  it("stops on any problem of the configuration file, with its line; --config names the file to use", async () => {
    config(".", "severity:\n  wildcard: error\n  secret-read: off\n");
    const r = await check(dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `error: the configuration file has problems:\n${path.join(dir, ".kube-rbac.yaml")}:3:3: unknown check code "secret-read" (did you mean "secrets-read"?)\n`,
    );
    const other = path.join(dir, "ci.yaml.cfg");
    fs.writeFileSync(other, "disabledChecks: [missing-verbs, wildcard]\n");
    assert.deepEqual(await found(path.join(dir, "a.yaml"), "--config", other), { code: 0, findings: [] });
    assert.match(
      (await check(dir, "--config", path.join(dir, "nope.yaml"))).err,
      /^error: cannot read the configuration file .*nope\.yaml: ENOENT/,
    );
  });
});
