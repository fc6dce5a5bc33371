// Entry point of the kube-rbac language server (bundled by esbuild from this file). It only builds the
// connection; everything else happens in startServer. Over stdio (what the extension uses) the server
// writes with its own encoder (server/wire.ts); any other transport the library offers still works.
import { format } from "node:util";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./start-server";
import { ServerMessageReader, serverMessageWriter } from "./wire";

if (process.argv.includes("--stdio")) {
  const reader = new ServerMessageReader(process.stdin);
  // As the library does for --stdio: stdout is the protocol channel, so nothing else may write there,
  // and the server ends with its client.
  for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const)
    // eslint-disable-next-line no-console -- moves every console method off the protocol channel
    console[level] = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  const end = () => process.exit(reader.shutdownRequested ? 0 : 1);
  process.stdin.on("end", end);
  process.stdin.on("close", end);
  startServer(createConnection(ProposedFeatures.all, reader, serverMessageWriter(process.stdout)));
} else {
  startServer(createConnection(ProposedFeatures.all));
}
