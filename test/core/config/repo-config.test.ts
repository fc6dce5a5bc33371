// The repository configuration's parsing: every setting, and every problem reported with its line.
import { strict as assert } from "node:assert";
import { catalogForVersion, catalogVersions, normalizeVersion } from "../../../core/catalog/versions";
import { builtInCatalog } from "../../../core/catalog";
import { ignoreMatcher } from "../../../core/config/ignore";
import { parseRepoConfig, withSettings } from "../../../core/config/repo-config";

describe("repository configuration", () => {
  it("reads severities, disabled checks, ignored paths, charts and the Kubernetes version", () => {
    const { config, problems } = parseRepoConfig(
      [
        'kubernetesVersion: "1.33"',
        "severity:",
        "  wildcard: error",
        "  secrets-read: off",
        "disabledChecks: [pod-exec]",
        "ignore:",
        "  - legacy/",
        '  - "**/generated-*.yaml"',
        "charts:",
        "  deploy/chart:",
        "    values: [values.yaml, ci/prod-values.yaml]",
        "    releaseName: my-release",
        "    namespace: my-namespace",
        "  other:",
        "",
      ].join("\n"),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      severity: { wildcard: "error", "secrets-read": "off", "pod-exec": "off" },
      ignore: ["legacy/", "**/generated-*.yaml"],
      charts: {
        "deploy/chart": { values: ["values.yaml", "ci/prod-values.yaml"], releaseName: "my-release", namespace: "my-namespace" },
        other: { values: [] },
      },
      kubernetesVersion: "v1.33",
    });
  });

  it("reports each problem with its line and column, and keeps the valid settings", () => {
    const text = [
      "kubernetesVersion: 1.12",
      "severity:",
      "  wildcards: error",
      "  wildcard: loud",
      "disabledChecks: pod-exec",
      "ignore: [/etc, ../up, ok/]",
      "charts:",
      "  c: {values: values.yaml, release: x}",
      "severty: {}",
    ].join("\n");
    const { config, problems } = parseRepoConfig(text);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        `1:20 no API catalog for Kubernetes 1.12: the versions kube-rbac knows are ${catalogVersions().join(", ")}`,
        '3:3 unknown check code "wildcards" (did you mean "wildcard"?)',
        '4:13 the severity of wildcard must be one of error, warning, information, hint, off, not "loud"',
        "5:17 disabledChecks must be a list of check codes",
        '6:10 ignore pattern "/etc" must be relative to the configuration file\'s folder, inside it',
        '6:16 ignore pattern "../up" must be relative to the configuration file\'s folder, inside it',
        "8:15 charts.c.values must be a list of strings",
        '8:28 unknown setting of charts.c "release" (did you mean "releaseName"?)',
        '9:1 unknown setting "severty" (did you mean "severity"?)',
      ],
    );
    assert.equal(text.slice(problems[1].start, problems[1].end), "wildcards");
    assert.deepEqual(config, { severity: {}, ignore: ["ok/"], charts: { c: { values: [] } } });
  });

  it("reports YAML errors and a document that is not a map; an empty file is an empty configuration", () => {
    assert.deepEqual(
      parseRepoConfig("severity: {wildcard: error}\nseverity: {}\n").problems.map((p) => [p.line, p.message]),
      [[2, "Map keys must be unique"]],
    );
    assert.deepEqual(
      parseRepoConfig("- a\n").problems.map((p) => [p.line, p.message]),
      [[1, "the configuration must be a map of settings (kubernetesVersion, severity, disabledChecks, ignore, charts, auditLog)"]],
    );
    assert.deepEqual(parseRepoConfig("# nothing yet\n"), { config: { severity: {}, ignore: [], charts: {} }, problems: [] });
    assert.equal(parseRepoConfig("severity: [\n").problems[0].line, 2);
  });

  it("reads auditLog as one file or a list, and reports anything else", () => {
    assert.deepEqual(parseRepoConfig("auditLog: logs/audit.log\n").config.auditLog, ["logs/audit.log"]);
    assert.deepEqual(parseRepoConfig("auditLog: [a.log, b.log.gz]\n").config.auditLog, ["a.log", "b.log.gz"]);
    const { config, problems } = parseRepoConfig("auditLog: {file: a.log}\n");
    assert.deepEqual(config.auditLog, []);
    assert.deepEqual(
      problems.map((p) => [p.line, p.message]),
      [[1, "auditLog must be a non-empty string"]],
    );
  });

  it("lets the editor's settings win code by code", () => {
    const { config } = parseRepoConfig("severity: {wildcard: error, pod-exec: off}\n");
    assert.deepEqual(withSettings(config, { wildcard: "hint", "secrets-read": "off" }), {
      wildcard: "hint",
      "pod-exec": "off",
      "secrets-read": "off",
    });
  });

  it("selects among the built-in catalogs by version", () => {
    assert.deepEqual(catalogVersions(), ["v1.33", "v1.34"]);
    assert.equal(catalogForVersion("1.33"), builtInCatalog("v1.33"));
    assert.equal(catalogForVersion("v1.34.4"), builtInCatalog("v1.34"));
    assert.notEqual(catalogForVersion("1.33"), catalogForVersion("1.34"));
    assert.equal(catalogForVersion("1.12"), undefined);
    assert.equal(normalizeVersion(" 1.34.2 "), "v1.34");
    assert.equal(normalizeVersion(" latest "), "latest");
  });

  it("matches ignore patterns as globs relative to the configuration's folder", () => {
    const ignored = ignoreMatcher(["legacy/", "**/generated-*.yaml", "charts/*/templates", "a?.yaml"]);
    const yes = [
      "legacy/a.yaml",
      "legacy/x/y.yml",
      "generated-x.yaml",
      "deep/down/generated-1.yaml",
      "charts/c/templates/r.yaml",
      "ab.yaml",
    ];
    const no = ["legacyx/a.yaml", "x/legacy/a.yaml", "generated.yaml", "charts/c/d/templates/r.yaml", "abc.yaml"];
    for (const p of yes) assert.equal(ignored(p), true, p);
    for (const p of no) assert.equal(ignored(p), false, p);
  });
});
