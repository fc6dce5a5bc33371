import * as fs from "node:fs";

// Small statistics and timing helpers shared by the runners. Every reported figure is a median (or a
// percentile) over repeated runs; comparisons are ratios of figures measured in the same run.

export const now = () => Number(process.hrtime.bigint()) / 1e6;

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

/** { median, p50, p99, min, max, n } of a list of samples (ms or bytes). */
export function summary(values) {
  return {
    median: median(values),
    p50: median(values),
    p99: quantile(values, 0.99),
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/** Times `fn` (sync or async) and returns ms. */
export async function time(fn) {
  const t0 = now();
  await fn();
  return now() - t0;
}

export const round = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export function mb(bytes) {
  return round(bytes / (1024 * 1024), 1);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit(items, limit, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) {
      const k = i++;
      await fn(items[k], k);
    }
  });
  await Promise.all(workers);
}

/** RSS and peak RSS (bytes) of a process, from /proc (Linux). */
export function processMemory(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** Load averages and CPU count, to say how busy the machine was. */
export async function machineLoad() {
  const os = await import("node:os");
  return {
    loadavg: os.loadavg().map((x) => round(x, 2)),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "",
    totalMemMB: mb(os.totalmem()),
    node: process.version,
  };
}
