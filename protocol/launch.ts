// How the language server process is started, shared by the extension and the benchmarks (which start
// it the same way).

/**
 * Node options for the server process (their measured effect is in docs/benchmarks.md).
 *
 * A young generation of 32 MB semi-spaces instead of Node's 16 MB: checking a file allocates many
 * short-lived objects (parse events, AST nodes, spans), and with the larger space most of them die before
 * a scavenge has to copy them. The server's resident memory grows by at most the extra 32 MB.
 *
 * Half V8's interrupt budget (32 KB of bytecode instead of 66 KB between checks for optimisation): the
 * parser and the checks get compiled after half as much work, so the start-up warm-up (server/warm-up/warm-up.ts)
 * leaves more of them compiled, and the first files a user opens are checked by compiled code.
 *
 * V8's collector exposed (`--expose-gc`), so that the server collects its young garbage while it is
 * idle rather than in the middle of the next check (server/idle-gc.ts).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ["--max-semi-space-size=32", "--interrupt-budget=32768", "--expose-gc"];

/**
 * The inspector port of a server started while the extension host runs under the debugger (F5): the
 * language client then uses its `debug` server options, and .vscode/launch.json's "Attach to Language
 * Server" attaches here.
 */
export const SERVER_INSPECT_PORT = 6019;
