// While the cluster data is stale its age keeps growing: re-render every 30 s so "stale for 2 min"
// stays true. The timer exists only while the state is stale or recovering.
import * as vscode from "vscode";
import { ClusterModel } from "./model";
import { ModelState } from "./model-state";

export const STALE_TICK_MS = 30_000;

export class StaleTicker implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly sub: vscode.Disposable;

  constructor(
    model: ClusterModel,
    private readonly tick: () => void,
  ) {
    this.sub = model.onDidChange((s) => this.follow(s));
    this.follow(model.state);
  }

  private follow(s: ModelState): void {
    const stale = s.kind === "ready" && s.health !== undefined && s.health.state !== "live";
    if (stale && !this.timer) this.timer = setInterval(() => this.tick(), STALE_TICK_MS);
    else if (!stale && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sub.dispose();
  }
}
