#!/usr/bin/env node
// `npm run schema`: writes schemas/kube-rbac-config.schema.json, the JSON schema of `.kube-rbac.yaml`
// (shipped in the .vsix for the YAML extension's completion and validation), from the compiled core's
// list of checks. test/schemas/config-schema.test.ts fails when the committed file is not what this writes.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/** The schema for the given check codes. */
export function configSchema(codes) {
  const level = { type: "string", enum: ["error", "warning", "information", "hint", "off"] };
  const code = { type: "string", enum: [...codes].sort() };
  const text = (description) => ({ type: "string", minLength: 1, description });
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/kube-rbac/kube-rbac/blob/main/schemas/kube-rbac-config.schema.json",
    title: "kube-rbac repository configuration (.kube-rbac.yaml)",
    description:
      "Read by `kube-rbac check` and the kube-rbac editor extension for the files in this folder and below it (the nearest .kube-rbac.yaml wins). The editor settings kubeRbac.severity and kubeRbac.disabledChecks apply on top.",
    type: ["object", "null"],
    additionalProperties: false,
    properties: {
      kubernetesVersion: {
        type: ["string", "number"],
        pattern: "^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?$",
        description:
          'Kubernetes version whose built-in API catalog the checks use (resources, verbs, API groups), e.g. "1.34" (read as written: 1.30 is v1.30). A version without a built-in catalog is an error.',
        examples: ["1.34"],
      },
      severity: {
        type: "object",
        description: 'Severity per check code; "off" disables the check. See docs/checks/ for the codes.',
        propertyNames: code,
        additionalProperties: level,
      },
      disabledChecks: { type: "array", description: 'Check codes to turn off (the same as severity "off").', items: code },
      ignore: {
        type: "array",
        description:
          "Paths not to check, as globs relative to this file's folder: * and ? stay within a path segment, ** spans segments, and a pattern matching a folder ignores everything below it.",
        items: { type: "string", minLength: 1, not: { pattern: "^/|(^|/)\\.\\.(/|$)" } },
      },
      auditLog: {
        type: ["string", "array"],
        items: { type: "string", minLength: 1 },
        minLength: 1,
        description:
          "Kubernetes audit log files (JSON lines, plain or gzip), relative to this file's folder: grants no logged request of their subjects used are shown as unused-grant hints.",
      },
      charts: {
        type: "object",
        description: "Helm charts, by chart folder relative to this file, with the options they are rendered with.",
        additionalProperties: {
          type: ["object", "null"],
          additionalProperties: false,
          properties: {
            values: {
              type: "array",
              items: { type: "string", minLength: 1 },
              description: "Values files, relative to the chart folder, in the order helm -f takes them.",
            },
            releaseName: text("The release name the chart is rendered with."),
            namespace: text("The namespace the chart is rendered into."),
          },
        },
      },
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ALL_CHECKS } = require(path.join(root, "out", "core", "checks", "index.js"));
  const file = path.join(root, "schemas", "kube-rbac-config.schema.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(configSchema(ALL_CHECKS.map((c) => c.code)), null, 2) + "\n");
  console.log(`wrote ${path.relative(root, file)}`);
}
