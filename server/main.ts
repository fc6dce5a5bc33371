// Entry point of the kube-rbac language server (bundled by esbuild from this file). It only builds the
// connection; everything else happens in startServer.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./start-server";

startServer(createConnection(ProposedFeatures.all));
