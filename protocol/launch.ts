// How the language server process is started, shared by the extension and the benchmarks (which start
// it the same way).

/**
 * Node options for the server process. A young generation of 32 MB semi-spaces instead of Node's 16 MB:
 * checking a file allocates many short-lived objects (parse events, AST nodes, spans), and with the larger
 * space most of them die before a scavenge has to copy them. In-process, the parse and checks of a
 * 50 KB file took a median 13-14 ms instead of 18-21 ms; the server's resident memory grows by at most
 * the extra 32 MB.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ["--max-semi-space-size=32"];
