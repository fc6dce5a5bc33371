#!/usr/bin/env node
// The `kube-rbac` command line: the bundled CLI, started with a V8 code cache (see cli/launcher.ts).
require("../dist/launcher.js").launch(require.resolve("../dist/cli.js"), process.argv[2]);
