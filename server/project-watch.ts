// The folders of each rendered chart and kustomization, watched by the server itself (fs.watch, one
// watch per folder): a change made on disk renders the project again even where the client's file events
// are late or missing (an editor without workspace/didChangeWatchedFiles, or one whose events are held
// back while others keep coming). The client's events (workspace-files.ts) come on top; the render
// scheduler's debounce makes one render of both.

import * as fs from "node:fs";
import * as path from "node:path";

/** Folder depth watched below a project's folder (templates/, charts/<sub>/templates/ …). */
const MAX_DEPTH = 4;
/** Folders watched per project at most: a chart is a few folders, not a tree of thousands. */
const MAX_FOLDERS = 64;

export class ProjectWatch {
  private readonly watchers = new Map<string, fs.FSWatcher[]>();

  constructor(private readonly changed: (file: string) => void) {}

  /** Watches the project's folders (anew: folders come and go between renders). */
  watch(dir: string): void {
    this.unwatch(dir);
    const list: fs.FSWatcher[] = [];
    for (const d of foldersOf(dir)) {
      try {
        const w = fs.watch(d, { persistent: false }, (_event, name) => this.changed(name ? path.join(d, name.toString()) : d));
        // A folder removed: its watch ends (the change is heard from its parent).
        w.on("error", () => w.close());
        list.push(w);
      } catch {
        /* removed meanwhile */
      }
    }
    this.watchers.set(dir, list);
  }

  unwatch(dir: string): void {
    for (const w of this.watchers.get(dir) ?? []) w.close();
    this.watchers.delete(dir);
  }

  dispose(): void {
    for (const dir of [...this.watchers.keys()]) this.unwatch(dir);
  }
}

function foldersOf(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string, depth: number) => {
    if (out.length >= MAX_FOLDERS) return;
    out.push(d);
    if (depth >= MAX_DEPTH) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries)
      if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") visit(path.join(d, e.name), depth + 1);
  };
  visit(dir, 0);
  return out;
}
