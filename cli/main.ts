// Entry point of the `kube-rbac` command line (bundled to dist/cli.js).
import { run } from "./run";

run(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => (process.exitCode = code),
  () => (process.exitCode = 3),
);
