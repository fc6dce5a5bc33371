// @kubernetes/client-node is ESM-only and loaded only for legacy auth-provider users. The command line's
// bundle keeps this file apart (dist/client-node.js): the bundle runs from a V8 code cache, and a script
// read back from a cache cannot use import() in Node 20, where this file, loaded by Node itself, can.
import type * as ClientNode from "@kubernetes/client-node" with { "resolution-mode": "import" };

export type ClientNodeModule = typeof ClientNode;

export function importClientNode(): Promise<ClientNodeModule> {
  return import("@kubernetes/client-node");
}
