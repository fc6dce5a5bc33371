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
