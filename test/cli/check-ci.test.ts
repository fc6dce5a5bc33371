// `kube-rbac check` in CI and pipes: standard input, --fail-on, GitHub annotations, SARIF valid against the
// SARIF 2.1.0 schema (the schema file shipped by @microsoft/jest-sarif), and a closed pipe.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import { run } from "../../cli/run";
import { ALL_CHECKS } from "../../core/checks";
import { CORPUS_DIR, REPO_ROOT } from "../support/corpus";
import { CONFIG_ROLE as ERROR_AND_WARNING, WILDCARD_ROLE as ROLE } from "../support/fixtures";

async function cli(argv: string[], stdin?: string) {
  let out = "";
  let err = "";
  const io = {
    out: (t: string) => (out += t),
    err: (t: string) => (err += t),
    ...(stdin === undefined ? {} : { stdin: async () => stdin }),
  };
  const code = await run(argv, io);
  return { code, out, err };
}

describe("cli check in CI and pipes", function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-ci-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads standard input with -, named by --stdin-filename", async () => {
    const r = await cli(["check", "-", "--stdin-filename", "deploy/role.yaml", "-o", "json"], ROLE);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), [
      {
        file: "deploy/role.yaml",
        range: { start: { line: 6, character: 10 }, end: { line: 6, character: 13 } },
        severity: "warning",
        code: "wildcard",
        message:
          "rules[0] uses a wildcard in namespace dev: wildcards also grant every resource, verb or URL added later (new APIs, CRDs, subresources).",
      },
    ]);
    const unnamed = await cli(["check", "-"], ROLE);
    assert.match(unnamed.out, /^<stdin>:7:11: warning \[wildcard\]/);
    assert.deepEqual(await cli(["check", "--stdin-filename", "x.yaml", dir]), {
      code: 2,
      out: "",
      err: "error: --stdin-filename names standard input: give - too\n",
    });
    assert.deepEqual(await cli(["check", "-"]), { code: 2, out: "", err: "error: there is no standard input to read\n" });
  });

  it("sets the exit threshold with --fail-on (default: errors)", async () => {
    const file = path.join(dir, "warn.yaml");
    fs.writeFileSync(file, ROLE);
    assert.equal((await cli(["check", file])).code, 0);
    assert.equal((await cli(["check", file, "--fail-on", "error"])).code, 0);
    assert.equal((await cli(["check", file, "--fail-on", "warning"])).code, 1);
    assert.equal((await cli(["check", file, "--fail-on", "information"])).code, 1);
    const bad = await cli(["check", file, "--fail-on", "hint"]);
    assert.deepEqual([bad.code, bad.err.split("\n")[0]], [2, "error: --fail-on must be error, warning or information"]);
    // A finding of "information" severity only: fails at information, not at warning.
    fs.writeFileSync(path.join(dir, ".kube-rbac.yaml"), "severity: {wildcard: information}\n");
    assert.equal((await cli(["check", file, "--fail-on", "warning"])).code, 0);
    assert.equal((await cli(["check", file, "--fail-on", "information"])).code, 1);
  });

  it("prints GitHub Actions workflow commands with --output github", async () => {
    const r = await cli(["check", "-", "--stdin-filename", "a,b:c.yaml", "--output", "github"], ERROR_AND_WARNING);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      "::warning file=a%2Cb%3Ac.yaml,line=7,col=11,endLine=7,endColumn=14,title=kube-rbac wildcard::rules[0] uses a wildcard in namespace dev: wildcards also grant every resource, verb or URL added later (new APIs, CRDs, subresources).\n" +
        '::error file=a%2Cb%3Ac.yaml,line=8,col=3,endLine=8,endColumn=18,title=kube-rbac missing-verbs::rules[1] has no verbs: the API server rejects it ("verbs must contain at least one value").\n',
    );
    assert.equal(r.err, "1 error(s), 1 warning(s), 0 note(s)\n");
  });

  it("writes SARIF that the SARIF 2.1.0 schema accepts, with absolute help addresses, descriptions and regions", async () => {
    const file = path.join(REPO_ROOT, "out", `sarif-probe-${process.pid}.yaml`);
    fs.writeFileSync(file, ERROR_AND_WARNING);
    try {
      const cwd = process.cwd();
      process.chdir(REPO_ROOT);
      let r: Awaited<ReturnType<typeof cli>>;
      try {
        r = await cli(["check", path.relative(REPO_ROOT, file), path.join(CORPUS_DIR, "bad"), "-o", "sarif"]);
      } finally {
        process.chdir(cwd);
      }
      const log = JSON.parse(r.out);
      const schema = JSON.parse(
        fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
      ) as Record<string, unknown>;
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      // The schema's formats: "uri" is an absolute URI (helpUri must be one), "uri-reference" may be relative.
      ajv.addFormat("uri", (s: string) => URL.canParse(s));
      ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///"));
      ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
      const validate = ajv.compile(schema);
      const valid = validate(structuredClone(log));
      assert.ok(valid, JSON.stringify(validate.errors, null, 2));
      const driver = log.runs[0].tool.driver;
      assert.equal(driver.rules.length, ALL_CHECKS.length);
      const wildcard = driver.rules.find((x: { id: string }) => x.id === "wildcard");
      assert.deepEqual(wildcard, {
        id: "wildcard",
        name: "wildcard",
        shortDescription: { text: "Wildcard in a rule" },
        fullDescription: {
          text: "Wildcard in a rule. Default severity: Warning — accepted by the API server, but wrong, inert or dangerous. Risk: wildcards also grant every resource, verb or URL added later (new APIs, CRDs, subresources).",
        },
        helpUri: "https://github.com/kube-rbac/kube-rbac/blob/main/docs/checks/wildcard.md",
        defaultConfiguration: { level: "warning" },
      });
      for (const rule of driver.rules)
        assert.match(rule.helpUri, /^https:\/\/github\.com\/kube-rbac\/kube-rbac\/blob\/main\/docs\/checks\/[a-z0-9-]+\.md$/);
      const results = log.runs[0].results.filter(
        (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          x.locations[0].physicalLocation.artifactLocation.uri === `out/sarif-probe-${process.pid}.yaml`,
      );
      assert.deepEqual(
        results.find((x: { ruleId: string }) => x.ruleId === "missing-verbs"),
        {
          ruleId: "missing-verbs",
          ruleIndex: driver.rules.findIndex((x: { id: string }) => x.id === "missing-verbs"),
          level: "error",
          message: { text: 'rules[1] has no verbs: the API server rejects it ("verbs must contain at least one value").' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: `out/sarif-probe-${process.pid}.yaml`, uriBaseId: "%SRCROOT%" },
                region: {
                  startLine: 8,
                  startColumn: 3,
                  endLine: 8,
                  endColumn: 18,
                  snippet: { text: '- apiGroups: [""]' },
                },
              },
            },
          ],
        },
      );
      assert.equal(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri, `file://${REPO_ROOT}/`);
      // Files outside the current folder get absolute file URIs.
      assert.ok(
        log.runs[0].results.some((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          x.locations[0].physicalLocation.artifactLocation.uri.startsWith(`file://${CORPUS_DIR}/bad/`),
        ),
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("ends quietly when the reader closes the pipe early (| head -1)", async () => {
    // 2,000 warnings, about 340 KB of output: far more than a pipe holds (64 KiB), so writing goes on
    // after the reader is gone and meets EPIPE.
    const file = path.join(dir, "many.yaml");
    fs.writeFileSync(file, Array.from({ length: 2000 }, (_, i) => ROLE.replace("name: r,", `name: r${i},`)).join("---\n"));
    const bin = path.join(REPO_ROOT, "bin", "kube-rbac.js");
    const child = spawn(process.execPath, [bin, "check", file], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    // Read the first line, then close the pipe as head does.
    const first = await new Promise<string>((resolve) => {
      let buf = "";
      child.stdout.on("data", (d) => {
        buf += d;
        if (buf.includes("\n")) {
          child.stdout.destroy();
          resolve(buf.split("\n")[0]);
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(
      first,
      `${file}:7:11: warning [wildcard] rules[0] uses a wildcard in namespace dev: wildcards also grant every resource, verb or URL added later (new APIs, CRDs, subresources).`,
    );
    assert.equal(err, "0 error(s), 2000 warning(s), 0 note(s)\n");
    assert.equal(code, 0);
  });
});
