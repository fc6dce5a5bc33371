// The SVG charts of the benchmark report (docs/benchmarks/*.svg).
import * as fs from "node:fs";
import * as path from "node:path";
import { barChart } from "./svg.mjs";
import { bigLabel } from "./report-format.mjs";

/** Writes the charts the results allow into `dir`; returns the names written. */
export function charts(r, dir) {
  const written = [];
  const save = (name, svg) => {
    fs.writeFileSync(path.join(dir, name), svg);
    written.push(name);
  };
  lspChart(r, save);
  engineChart(r, save);
  clusterCharts(r, save);
  return written;
}

function lspChart(r, save) {
  if (r.lsp?.ours) {
    const l = r.lsp.ours;
    const y = r.lsp.yls;
    const groups = [
      {
        label: "50 KB: first diagnostics",
        bars: [
          { series: "kube-rbac", value: l.smallFirstDiagnosticsMs },
          ...(y ? [{ series: "yaml-language-server", value: y.smallFirstDiagnosticsMs }] : []),
          { series: "js-yaml parse (floor)", value: r.parse.small?.jsYamlMs },
        ],
      },
      {
        label: `${bigLabel(r)}: first diagnostics`,
        bars: [
          { series: "kube-rbac", value: l.bigFirstDiagnosticsMs },
          ...(y ? [{ series: "yaml-language-server", value: y.bigFirstDiagnosticsMs }] : []),
          { series: "js-yaml parse (floor)", value: r.parse.big?.jsYamlMs },
        ],
      },
      {
        label: `${bigLabel(r)}: one-line edit`,
        bars: [{ series: "kube-rbac", value: l.editMs.median }, ...(y ? [{ series: "yaml-language-server", value: y.editMs.median }] : [])],
      },
    ];
    save(
      "lsp.svg",
      barChart({
        title: "Language servers over LSP (stdio): time to diagnostics",
        unit: "ms",
        series: ["kube-rbac", "yaml-language-server", "js-yaml parse (floor)"],
        groups,
      }),
    );
  }
}

function engineChart(r, save) {
  if (Object.keys(r.engine).length) {
    const groups = Object.entries(r.engine).map(([name, e]) => ({
      label: `${name} (${r.workloads[name].objects} objects)`,
      bars: [
        { series: "manifests on disk", value: e.manifests.loadIndexMs },
        { series: "cluster dump (JSON)", value: e.dump.loadIndexMs },
      ],
    }));
    save(
      "engine-load.svg",
      barChart({ title: "Engine: load + index (wall time)", unit: "ms", series: ["manifests on disk", "cluster dump (JSON)"], groups }),
    );
  }
}

function clusterCharts(r, save) {
  if (Object.keys(r.cluster).length) {
    const groups = Object.entries(r.cluster).map(([name, c]) => ({
      label: `${name}`,
      bars: [
        { series: "kube-rbac live snapshot", value: c.snapshot.oursMs.median },
        { series: "kubectl get -A -o json (floor)", value: c.snapshot.kubectlMs.median },
      ],
    }));
    save(
      "cluster-snapshot.svg",
      barChart({
        title: "Cluster: start to complete snapshot",
        unit: "ms",
        series: ["kube-rbac live snapshot", "kubectl get -A -o json (floor)"],
        groups,
      }),
    );
    const pg = Object.entries(r.cluster).flatMap(([name, c]) =>
      c.peers.map((p) => ({
        label: `${name}: ${p.question.replace(".rbac.authorization.k8s.io", ".rbac…")}`,
        bars: [
          { series: "kube-rbac who-can", value: p.oursMs },
          { series: "kubectl-who-can", value: p.peerMs },
        ],
      })),
    );
    save(
      "who-can.svg",
      barChart({
        title: "who-can against the API server, end to end (process start to answer)",
        unit: "ms",
        series: ["kube-rbac who-can", "kubectl-who-can"],
        groups: pg,
      }),
    );
  }
}
