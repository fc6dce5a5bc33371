// Bundles the shipped entry points with esbuild (the only bundler): the extension client, the
// language server and the command line. @kubernetes/client-node is ESM-only; esbuild folds it into
// these CommonJS bundles. `vscode` stays external (the editor provides it).
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";
import * as path from "node:path";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
// `--outdir DIR`: where the bundles go (default dist/; packaging builds into its staging folder).
const outdirAt = process.argv.indexOf("--outdir");
const outdir = outdirAt >= 0 ? process.argv[outdirAt + 1] : "dist";

// client-node is only loaded (dynamically) for legacy auth-provider users. The extension ships without
// node_modules, so its bundle carries it; the command line is an npm package whose dependencies are
// installed beside it, so it leaves the 16 MB out and starts in a fraction of the time.
// The command line's bundle runs from a V8 code cache (cli/launcher.ts), where import() fails in Node 20:
// the one import() it needs stays in its own file, dist/client-node.js, loaded with require().
const clientNodeApart = {
  name: "client-node-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/client-node$/ }, () => ({ path: "./client-node.js", external: true }));
  },
};

// The warm-up's sample documents are a YAML file; the server's bundle carries its text in place of the
// module that reads it from the repository for the unbundled build.
const warmUpSamples = {
  name: "warm-up-samples",
  setup(build) {
    build.onResolve({ filter: /^\.\/samples-text$/ }, (args) => ({ path: path.join(args.resolveDir, "samples.yaml") }));
  },
};

const entries = [
  { in: "client/extension.ts", out: `${outdir}/client.js`, external: [] },
  { in: "server/main.ts", out: `${outdir}/server.js`, external: [], plugins: [warmUpSamples] },
  { in: "cli/main.ts", out: `${outdir}/cli.js`, external: ["@kubernetes/client-node"], plugins: [clientNodeApart] },
  { in: "cluster/client-node.ts", out: `${outdir}/client-node.js`, external: ["@kubernetes/client-node"] },
  { in: "cli/launcher.ts", out: `${outdir}/launcher.js`, external: [] },
].filter((e) => existsSync(e.in));

// In watch mode every build says when it starts and ends, and each error as FILE:LINE:COLUMN: the
// editor's watch task (.vscode/tasks.json) reads these lines.
const watchLog = {
  name: "watch-log",
  setup(build) {
    build.onStart(() => console.log("[watch] build started"));
    build.onEnd((result) => {
      for (const e of result.errors)
        console.log(`${e.location?.file ?? "?"}:${e.location?.line ?? 0}:${e.location?.column ?? 0}: error: ${e.text}`);
      console.log(`[watch] build finished with ${result.errors.length} errors`);
    });
  },
};

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      external: ["vscode", ...e.external],
      plugins: [...(e.plugins ?? []), ...(watch ? [watchLog] : [])],
      loader: { ".yaml": "text" },
      sourcemap: !production,
      minify: production,
      logLevel: watch ? "silent" : "warning",
      // client-node references import.meta.url in a few places; give it a CommonJS equivalent.
      define: { "import.meta.url": "importMetaUrl" },
      banner: { js: 'const importMetaUrl = require("url").pathToFileURL(__filename).href;' },
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
