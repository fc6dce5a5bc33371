// Watching the kubeconfig files for changes (a `kubectl config use-context`, a new AKS credential).
// We watch the parent folders rather than the files: editors and kubectl replace files by rename, and
// a watch on the file itself dies with the old inode. A burst of events becomes one, after `debounceMs`.

import * as fs from "node:fs";
import * as path from "node:path";
import { Disposable, DisposableStore, Emitter, Event, toDisposable } from "./events";

export interface KubeconfigWatchOptions {
  readonly debounceMs?: number;
}

export interface KubeconfigChange {
  /** The files (among those watched) that changed, were created or deleted. */
  readonly files: readonly string[];
}

export class KubeconfigWatcher implements Disposable {
  private readonly store = new DisposableStore();
  private readonly emitter = this.store.add(new Emitter<KubeconfigChange>());
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  readonly onDidChange: Event<KubeconfigChange> = this.emitter.event;

  constructor(files: readonly string[], options: KubeconfigWatchOptions = {}) {
    const debounceMs = options.debounceMs ?? 250;
    const byDir = new Map<string, Set<string>>();
    for (const f of files) {
      const abs = path.resolve(f);
      const dir = path.dirname(abs);
      if (!byDir.has(dir)) byDir.set(dir, new Set());
      byDir.get(dir)!.add(path.basename(abs));
    }
    for (const [dir, names] of byDir) {
      let w: fs.FSWatcher;
      try {
        w = fs.watch(dir, { persistent: false });
      } catch {
        continue; // the folder does not exist (yet): nothing we can watch without polling
      }
      w.on("change", (_type, filename) => {
        const name = filename ? filename.toString() : undefined;
        // Some platforms give no file name: then any event in the folder counts for all watched files.
        const hits = name === undefined ? [...names] : names.has(name) ? [name] : [];
        if (hits.length === 0) return;
        for (const h of hits) this.pending.add(path.join(dir, h));
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), debounceMs);
        this.timer.unref?.();
      });
      w.on("error", () => w.close());
      this.store.add(toDisposable(() => w.close()));
    }
    this.store.add(toDisposable(() => this.timer && clearTimeout(this.timer)));
  }

  private flush(): void {
    this.timer = undefined;
    const files = [...this.pending].sort();
    this.pending.clear();
    if (!this.store.isDisposed && files.length > 0) this.emitter.fire({ files });
  }

  dispose(): void {
    this.store.dispose();
  }
}
