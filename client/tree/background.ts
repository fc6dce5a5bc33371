// Work the tree leaves for later: the risk badges of subjects below the first screenful of a list. A
// list may hold 500 subjects, and each badge needs the subject's effective permissions (milliseconds each
// on a cluster of 40,000 bindings), so the rows are shown first and the badges follow: the queue runs in
// short slices between the extension host's other events, then repaints the nodes it finished.
import type { PermNode } from "./node";

/** Runs `fn` after the events already waiting (setImmediate); tests pass their own. */
export type Schedule = (fn: () => void) => void;

interface Job {
  readonly node: PermNode;
  readonly work: () => void;
}

export class BackgroundQueue {
  private jobs: Job[] = [];
  private next = 0;
  private scheduled = false;

  constructor(
    private readonly repaint: (nodes: PermNode[]) => void,
    private readonly sliceMs = 12,
    private readonly schedule: Schedule = (fn) => void setImmediate(fn),
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get pending(): number {
    return this.jobs.length - this.next;
  }

  /** Runs `work` later, then repaints `node`. */
  add(node: PermNode, work: () => void): void {
    this.jobs.push({ node, work });
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.run());
    }
  }

  /** Drops what is queued (the tree was rebuilt: those nodes are gone). */
  clear(): void {
    this.jobs = [];
    this.next = 0;
  }

  private run(): void {
    this.scheduled = false;
    const start = this.clock();
    const done: PermNode[] = [];
    while (this.next < this.jobs.length) {
      const job = this.jobs[this.next++];
      job.work();
      done.push(job.node);
      if (this.clock() - start >= this.sliceMs) break;
    }
    if (this.next >= this.jobs.length) this.clear();
    if (done.length > 0) this.repaint(done);
    if (this.pending > 0) {
      this.scheduled = true;
      this.schedule(() => this.run());
    }
  }
}
