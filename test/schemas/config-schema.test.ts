// The JSON schema of `.kube-rbac.yaml` (shipped for the YAML extension's completion and validation)
// agrees with the configuration's parser: the same check codes, and the same verdict on sample files.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv from "ajv";
import { parse } from "yaml";
import { ALL_CHECKS } from "../../core/checks";
import { parseRepoConfig } from "../../core/config/repo-config";
import { REPO_ROOT } from "../support/corpus";

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schemas", "kube-rbac-config.schema.json"), "utf8")) as {
  properties: { disabledChecks: { items: { enum: string[] } } };
};

const SAMPLES = [
  "",
  'kubernetesVersion: "1.33"\n',
  "kubernetesVersion: 1.33\n",
  "kubernetesVersion: latest\n",
  "severity: {wildcard: error, secrets-read: off}\ndisabledChecks: [pod-exec]\n",
  "ignore: [legacy/, '**/generated-*.yaml']\n",
  "charts:\n  deploy/chart:\n    values: [values.yaml, ci/prod.yaml]\n    releaseName: r\n    namespace: n\n  other:\n",
  "severity: {wildcards: error}\n",
  "severity: {wildcard: loud}\n",
  "disabledChecks: pod-exec\n",
  "disabledChecks: [no-such-check]\n",
  "ignore: [/etc]\n",
  "ignore: [a/../../b]\n",
  "ignore: legacy/\n",
  "charts: {c: {values: values.yaml}}\n",
  "charts: {c: {release: x}}\n",
  "charts: [c]\n",
  "severty: {}\n",
  "- a\n",
];

describe("configuration schema", () => {
  it("is what `npm run schema` writes: exactly the check codes", async () => {
    assert.deepEqual(schema.properties.disabledChecks.items.enum, ALL_CHECKS.map((c) => c.code).sort(), "run npm run schema");
    const generator = (await import(pathToFileURL(path.join(REPO_ROOT, "scripts", "config-schema.mjs")).href)) as {
      configSchema(codes: string[]): unknown;
    };
    assert.deepEqual(schema, generator.configSchema(ALL_CHECKS.map((c) => c.code)), "run npm run schema");
  });

  it("accepts and refuses the same files as the parser", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const text of SAMPLES) {
      const { problems } = parseRepoConfig(text);
      const valid = validate(parse(text) ?? null);
      assert.equal(
        valid,
        problems.length === 0,
        `${JSON.stringify(text)}: schema ${valid ? "accepts" : "refuses"}, parser reports ${JSON.stringify(problems.map((p) => p.message))}`,
      );
    }
  });
});
