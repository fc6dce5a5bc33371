// The four real charts of the corpus: no error, in place and rendered with the real helm; and a mistake
// seeded in a copy of each is found at its line with helm and without it.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { builtInCatalog } from "../../core/catalog";
import { checkFile, workspaceView } from "../../core/checks";
import { isRole } from "../../core/model";
import { parseManifests } from "../../core/parse";
import { checkTemplate } from "../../core/template";
import { renderChart } from "../../render/helm";
import { CORPUS_DIR } from "../support/corpus";
import { assertChecksClean, cliWith, copyTree, Diagnostic, located, NO_TOOL, tools } from "../support/tools";

const CHARTS = path.join(CORPUS_DIR, "charts");
const NAMES = ["cert-manager", "external-dns", "ingress-nginx", "metrics-server"];

interface Seed {
  readonly file: string;
  readonly line: number;
  readonly from: string;
  readonly to: string;
  /** The finding expected, the text its span starts with, and its line when not the seeded one. */
  readonly code: string;
  readonly at: string;
  readonly foundLine?: number;
}

const SEEDS: Record<string, Seed> = {
  "metrics-server": { file: "templates/clusterrole.yaml", line: 18, from: "- pods", to: "- pod", code: "unknown-resource", at: "pod" },
  "cert-manager": { file: "templates/rbac.yaml", line: 68, from: '"list"', to: '"lsit"', code: "unknown-verb", at: '"lsit"' },
  // Inside `{{- if not .Values.namespaced }}` within `{{- if include "external-dns.hasGatewaySources" . }}`: off by default.
  "external-dns": { file: "templates/clusterrole.yaml", line: 86, from: '[""]', to: '["core"]', code: "invalid-api-group", at: '"core"' },
  "ingress-nginx": {
    file: "templates/clusterrolebinding.yaml",
    line: 18,
    from: 'namespace: {{ include "ingress-nginx.namespace" . }}',
    to: "# (namespace left out)",
    code: "missing-subject-namespace",
    // On the subject's name (the line above).
    at: "{{ template",
    foundLine: 17,
  },
};

/** RBAC objects and rules read in place (every template) and rendered (values.yaml, or the first ci values file when that fails). */
function counts(chart: string): { inPlace: [number, number]; rendered: [number, number] } {
  const ctx = { catalog: builtInCatalog(), workspace: workspaceView([], [], false) };
  let objects = 0;
  let rules = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        const r = checkTemplate(fs.readFileSync(p, "utf8"), p, ctx, (parsed) => checkFile(parsed, ctx));
        objects += r.objects;
        rules += r.rules;
      }
    }
  };
  walk(path.join(chart, "templates"));
  let run = renderChart(tools().helm, chart, {});
  if (!run.ok) run = renderChart(tools().helm, chart, { values: [path.join(chart, "ci", fs.readdirSync(path.join(chart, "ci"))[0])] });
  const parsed = parseManifests(run.stdout, "rendered");
  const roles = parsed.objects.filter(isRole);
  return { inPlace: [objects, rules], rendered: [parsed.objects.length, roles.reduce((n, r) => n + r.rules.length, 0)] };
}

describe("cli: the corpus's real Helm charts", function () {
  this.timeout(180000);
  const none = { helm: NO_TOOL, kustomize: NO_TOOL };

  for (const name of NAMES) {
    it(`${name}: no error in place or rendered, every RBAC document checked`, async () => {
      const chart = path.join(CHARTS, name);
      for (const bins of [tools(), none]) {
        await assertChecksClean(bins, chart);
      }
      const c = counts(chart);
      console.log(
        `      ${name}: in place ${c.inPlace[0]} RBAC documents, ${c.inPlace[1]} rules; rendered ${c.rendered[0]} documents, ${c.rendered[1]} rules`,
      );
      assert.deepEqual(c, EXPECTED_COUNTS[name]);
    });

    it(`${name}: a ${SEEDS[name].code} seeded in ${SEEDS[name].file} is found at its line, with helm and without`, async () => {
      const seed = SEEDS[name];
      const { dir, root } = copyTree(path.join(CHARTS, name));
      try {
        const before = await findings(dir);
        const file = path.join(dir, seed.file);
        const lines = fs.readFileSync(file, "utf8").split("\n");
        assert.ok(lines[seed.line - 1].includes(seed.from), lines[seed.line - 1]);
        lines[seed.line - 1] = lines[seed.line - 1].replace(seed.from, seed.to);
        fs.writeFileSync(file, lines.join("\n"));
        const found = seed.foundLine ?? seed.line;
        const column = lines[found - 1].indexOf(seed.at) + 1;
        const after = await findings(dir);
        for (const bins of ["helm", "none"] as const)
          assert.deepEqual(
            after[bins].filter((x) => !before[bins].includes(x)),
            [`${seed.file}:${found}:${column} ${seed.code}`],
            bins,
          );
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }

  async function findings(chart: string): Promise<{ helm: string[]; none: string[] }> {
    const get = async (bins: { helm: string; kustomize: string }) =>
      located(JSON.parse((await cliWith(bins, "check", chart, "-o", "json")).out) as Diagnostic[], chart);
    return { helm: await get(tools()), none: await get(none) };
  }
});

/** In place: every branch of every template (the objects of both words of a ternary count twice). Rendered: with the chart's defaults. */
const EXPECTED_COUNTS: Record<string, { inPlace: [number, number]; rendered: [number, number] }> = {
  "cert-manager": { inPlace: [41, 72], rendered: [31, 66] },
  "external-dns": { inPlace: [6, 32], rendered: [2, 5] },
  "ingress-nginx": { inPlace: [8, 22], rendered: [8, 21] },
  "metrics-server": { inPlace: [9, 7], rendered: [5, 3] },
};
