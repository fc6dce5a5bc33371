#!/usr/bin/env node
// The `kube-rbac` command line: a thin launcher for the bundled CLI.
require("../dist/cli.js");
