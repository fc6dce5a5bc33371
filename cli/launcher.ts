// Starts the bundled command line (dist/cli.js) with a V8 code cache: the bytecode V8 compiled for the
// bundle in an earlier run of the same command is read back instead of compiled again. Node 20 has no
// built-in compile cache for CommonJS (module.enableCompileCache came with Node 22), so this does the same
// with vm.Script's cachedData. A missing, stale or damaged cache only costs the compile it would save:
// V8 checks the data against the source and its own version and flags, and rejects what does not fit.

// Named imports: a namespace import is copied property by property into a new object by the bundler,
// which this start-up path would pay for each module.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from "node:fs";
import Module from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Commands with a cache of their own (each compiles different parts of the bundle); others share one. */
const COMMANDS = new Set(["check", "can-i", "who-can", "permissions", "snapshot"]);

/** Where the cache lives: KUBE_RBAC_CACHE_DIR, else $XDG_CACHE_HOME/kube-rbac, else ~/.cache/kube-rbac; undefined = off. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KUBE_RBAC_COMPILE_CACHE === "off") return undefined;
  if (env.KUBE_RBAC_CACHE_DIR) return env.KUBE_RBAC_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "kube-rbac");
}

/** The cache file of this bundle, Node and command. */
export function cacheFile(dir: string, bundle: string, stat: Stats, command: string | undefined): string {
  const which = command !== undefined && COMMANDS.has(command) ? command : "other";
  const key = createHash("sha256")
    .update([process.version, process.arch, bundle, stat.size, stat.mtimeMs].join("\0"))
    .digest("hex")
    .slice(0, 24);
  return join(dir, `cli-${key}-${which}.v8cache`);
}

export interface LaunchResult {
  /** "used": the cache was accepted; "written": there was none (or it was rejected), one is written at exit; "off". */
  readonly cache: "used" | "written" | "off";
}

/** Runs the CommonJS bundle `bundle` as the command line; `command` picks the cache. */
export function launch(bundle: string, command: string | undefined, env: NodeJS.ProcessEnv = process.env): LaunchResult {
  const source = readFileSync(bundle, "utf8");
  const dir = cacheDir(env);
  const file = dir === undefined ? undefined : cacheFile(dir, bundle, statSync(bundle), command);
  const cachedData = file === undefined ? undefined : readQuietly(file);
  // No import() in the bundle (see scripts/bundle.mjs): a script read back from a cache loses its
  // dynamic-import callback in Node 20.
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  let cache: LaunchResult["cache"] = "off";
  if (file !== undefined) {
    cache = cachedData && !script.cachedDataRejected ? "used" : "written";
    // After the command has run, so that the functions it compiled on the way are in the cache too.
    if (cache === "written") process.once("exit", () => writeQuietly(file, script.createCachedData()));
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const m = new Module(bundle, require.main);
  m.filename = bundle;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
  wrapper.call(m.exports, m.exports, Module.createRequire(bundle), m, bundle, dirname(bundle));
  return { cache };
}

function readQuietly(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a temporary file renamed), never failing the command. */
function writeQuietly(file: string, data: Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // a read-only home or a full disk: the next run compiles again
  }
}
