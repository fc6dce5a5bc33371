// The audit logs a workspace names (`kubeRbac.auditLog`, `auditLog:` in `.kube-rbac.yaml`), read in the
// background and kept per list of files: the unused-grant hints (features/diagnostics/unused-grants.ts)
// ask for a list, get undefined until it has been read, and the open documents are checked again once it
// has, and whenever one of its files changes. Reading a file runs nothing, so no workspace trust is
// needed; it is streamed (audit/read-usage.ts), so a log of any length costs its distinct requests.
import * as fs from "node:fs";
import { Disposable } from "vscode-languageserver";
import { LoggedUsage } from "../core/audit/grant-usage";
import { readLoggedUsage } from "../audit/read-usage";
import { Logger } from "./logger";

interface Entry {
  usage: LoggedUsage | undefined;
  /** Bumped at every read that completes, so that checks can tell a new reading. */
  version: number;
  reading: boolean;
  again: boolean;
  readonly watchers: fs.FSWatcher[];
}

export class AuditLogs implements Disposable {
  private readonly entries = new Map<string, Entry>();
  /** The workspace folders (paths), which relative paths in the setting start from. */
  folders: readonly string[] = [];

  constructor(
    private readonly logger: Logger,
    /** Called when a list's usage has been read anew. */
    private readonly changed: () => void,
  ) {}

  /** The usage of these files (absolute paths), or undefined while they are read for the first time. */
  usage(files: readonly string[]): { usage: LoggedUsage; version: number } | undefined {
    if (files.length === 0) return undefined;
    const key = JSON.stringify(files);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { usage: undefined, version: 0, reading: false, again: false, watchers: [] };
      this.entries.set(key, entry);
      this.watch(entry, files);
      void this.read(entry, files);
    }
    return entry.usage ? { usage: entry.usage, version: entry.version } : undefined;
  }

  private watch(entry: Entry, files: readonly string[]): void {
    for (const file of files) {
      try {
        // A log rotated or rewritten shows as a change of the file; a missing one is reported once read.
        const w = fs.watch(file, { persistent: false }, () => void this.read(entry, files));
        w.on("error", () => undefined);
        entry.watchers.push(w);
      } catch {
        /* missing now: the reading says so */
      }
    }
  }

  private async read(entry: Entry, files: readonly string[]): Promise<void> {
    if (entry.reading) {
      entry.again = true;
      return;
    }
    entry.reading = true;
    try {
      do {
        entry.again = false;
        try {
          const { usage, report } = await readLoggedUsage(files);
          entry.usage = usage;
          for (const p of report.problems) this.logger.warn(`kube-rbac: audit log: ${p}`);
          if (report.malformed > 0)
            this.logger.warn(`kube-rbac: audit log: ${report.malformed} lines are not audit events (${report.examples.join("; ")})`);
          this.logger.info(`kube-rbac: read ${usage.total} requests of ${usage.identities.length} users from ${files.join(", ")}`);
        } catch (e) {
          entry.usage = undefined;
          this.logger.warn(`kube-rbac: ${(e as Error).message}`);
        }
        entry.version++;
      } while (entry.again);
    } finally {
      entry.reading = false;
    }
    this.changed();
  }

  dispose(): void {
    for (const e of this.entries.values()) for (const w of e.watchers) w.close();
    this.entries.clear();
  }
}
