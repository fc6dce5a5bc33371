// A leveled logger over the connection's console (stdout is the protocol channel: never console.log).
import { inspect } from "node:util";
import { Connection } from "vscode-languageserver";

export type LogLevel = "error" | "warn" | "info" | "debug";
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export class Logger {
  level: LogLevel = "info";

  constructor(private readonly connection: Connection) {}

  error(message: string, e?: unknown): void {
    // Something thrown that is not an Error is inspected: String() would say "[object Object]".
    const detail = e instanceof Error ? (e.stack ?? e.message) : e === undefined ? undefined : inspect(e, { depth: 2 });
    this.connection.console.error(detail === undefined ? message : `${message}\n${detail}`);
  }

  warn(message: string): void {
    if (ORDER[this.level] >= ORDER.warn) this.connection.console.warn(message);
  }

  info(message: string): void {
    if (ORDER[this.level] >= ORDER.info) this.connection.console.info(message);
  }

  debug(message: string): void {
    if (ORDER[this.level] >= ORDER.debug) this.connection.console.log(message);
  }
}
