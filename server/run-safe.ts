// Every request handler runs inside runSafe: a thrown error becomes a neutral answer plus a logged
// stack (never a crashed server), and a cancelled request answers RequestCancelled.
import { CancellationToken, LSPErrorCodes, ResponseError } from "vscode-languageserver";
import { Logger } from "./logger";

export function runSafe<T>(
  logger: Logger,
  what: string,
  neutral: T,
  token: CancellationToken | undefined,
  fn: () => T,
): Promise<T | ResponseError<void>> {
  return new Promise((resolve) => {
    // Yield once so a burst of requests can be cancelled before we do any work.
    setImmediate(() => {
      if (token?.isCancellationRequested) {
        resolve(cancelled());
        return;
      }
      try {
        const result = fn();
        resolve(token?.isCancellationRequested ? cancelled() : result);
      } catch (e) {
        logger.error(`kube-rbac: ${what} failed`, e);
        resolve(neutral);
      }
    });
  });
}

/** For notification handlers: log, never throw. */
export function guard(logger: Logger, what: string, fn: () => void | Promise<void>): void {
  try {
    const p = fn();
    if (p) p.catch((e: unknown) => logger.error(`kube-rbac: ${what} failed`, e));
  } catch (e) {
    logger.error(`kube-rbac: ${what} failed`, e);
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "Request cancelled");
}
