// Whether a live snapshot is current. Each watch loop (one per kind and scope) reports contact (a list,
// a watch that opened, a line received) and failures (the problems it will retry); the snapshot is
// "live" when none is failing, "stale" from the first failure on (its data is as old as the oldest
// last contact among the failing loops), and "recovering" once some failing loops have contact again
// while others still retry. The event fires on a change of state or error only, never per contact.

import { Disposable, Emitter, Event } from "./events";

export type HealthState = "live" | "stale" | "recovering";

export interface SnapshotHealth {
  readonly state: HealthState;
  /** ms since the epoch of the last successful contact (for stale data: of its oldest part). */
  readonly since: number;
  /** Why it is stale: sanitised, one line. */
  readonly error?: string;
}

interface Member {
  lastOk: number;
  failing: boolean;
}

export class HealthTracker implements Disposable {
  private readonly members = new Map<object, Member>();
  private readonly emitter = new Emitter<SnapshotHealth>();
  private error: string | undefined;
  /** Loops that had contact again since the snapshot went stale. */
  private recovered = 0;
  private last: SnapshotHealth;
  readonly onDidChange: Event<SnapshotHealth> = this.emitter.event;

  constructor(private readonly now: () => number = Date.now) {
    this.last = { state: "live", since: now() };
  }

  /** A successful list, watch start or watch line of `member`. */
  ok(member: object): void {
    const m = this.member(member);
    m.lastOk = this.now();
    if (!m.failing) return;
    m.failing = false;
    this.recovered++;
    this.update();
  }

  /** A failure `member` will retry; `message` is already sanitised. */
  failed(member: object, message: string): void {
    const m = this.member(member);
    m.failing = true;
    this.error = oneLine(message);
    this.update();
  }

  health(): SnapshotHealth {
    const failing = [...this.members.values()].filter((m) => m.failing);
    if (failing.length === 0) {
      const since = Math.max(this.last.since, ...[...this.members.values()].map((m) => m.lastOk));
      return { state: "live", since };
    }
    const since = Math.min(...failing.map((m) => m.lastOk));
    return { state: this.recovered > 0 ? "recovering" : "stale", since, ...(this.error ? { error: this.error } : {}) };
  }

  private member(key: object): Member {
    let m = this.members.get(key);
    if (!m) this.members.set(key, (m = { lastOk: this.now(), failing: false }));
    return m;
  }

  private update(): void {
    const h = this.health();
    if (h.state === "live") {
      this.recovered = 0;
      this.error = undefined;
    }
    const prev = this.last;
    this.last = h;
    if (h.state !== prev.state || h.error !== prev.error || (h.state !== "live" && h.since !== prev.since)) this.emitter.fire(h);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** "12 s", "3 min", "2 h", "4 d": the age of stale data, rounded down. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** "stale for 2 min: Cannot reach …: connection refused — retrying"; undefined when live. */
export function describeHealth(h: SnapshotHealth, now: number): string | undefined {
  if (h.state === "live") return undefined;
  const age = formatAge(now - h.since);
  const why = h.error ? `: ${h.error.replace(/\.$/, "")}` : "";
  return h.state === "stale" ? `stale for ${age}${why} — retrying` : `recovering, partly stale for ${age}${why} — retrying`;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
