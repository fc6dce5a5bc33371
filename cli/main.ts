// Entry point of the `kube-rbac` command line (bundled to dist/cli.js).
import { readStdin, quietStreams } from "./streams";
import { run } from "./run";

const { out, err, failed } = quietStreams(process.stdout, process.stderr);
run(process.argv.slice(2), { out, err, stdin: () => readStdin(process.stdin) }).then(
  // Output that could not be written (a full disk, not a closed pipe) is a failure of the run.
  (code) => (process.exitCode = failed() ? 3 : code),
  () => (process.exitCode = 3),
);
