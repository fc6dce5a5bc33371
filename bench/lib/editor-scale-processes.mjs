// The processes of a code-server session, read from /proc: the extension host (VS Code's server starts
// it with `--type=extensionHost`) and the language server it starts, with their resident memory.
import * as fs from "node:fs";

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

function parentOf(pid) {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: the fields after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}

/** Every process below `root` (not `root` itself), with its command line. */
export function descendants(root) {
  const children = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const parent = parentOf(pid);
    (children.get(parent) ?? children.set(parent, []).get(parent)).push(pid);
  }
  const out = [];
  const walk = (pid) => {
    for (const c of children.get(pid) ?? []) {
      out.push({ pid: c, argv: cmdline(c) });
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** The extension host processes below code-server's process. */
export function extensionHosts(root) {
  return descendants(root).filter((p) => p.argv.some((a) => a === "--type=extensionHost"));
}

/** The language server started by an extension host (our dist/server.js). */
export function languageServers(extensionHostPid) {
  return descendants(extensionHostPid).filter((p) => p.argv.some((a) => /[\\/]dist[\\/]server\.js$/.test(a)));
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in bytes; undefined once the process is gone. */
export function memory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { rssBytes: kb("VmRSS"), peakRssBytes: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

/** CPU time used so far (user + system), in ms; NaN once the process is gone. */
export function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime), in clock ticks of 10 ms on Linux.
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * Resolves once every process of `pids` has used at most `budgetMs` of CPU over the last second (the
 * extension's background work is done), or after `timeoutMs`; resolves with how long it waited.
 */
export async function quiet(pids, { budgetMs = 50, timeoutMs = 60_000 } = {}) {
  const t0 = Date.now();
  let last = pids.map(cpuMs);
  while (Date.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = pids.map(cpuMs);
    const busy = now.some((v, i) => Number.isFinite(v) && v - last[i] > budgetMs);
    last = now;
    if (!busy) break;
  }
  return Date.now() - t0;
}
