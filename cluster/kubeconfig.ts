// Kubeconfig resolution and merging, the way kubectl does it (client-go clientcmd loading rules):
//   1. an explicit path (setting / --kubeconfig): must exist;
//   2. else KUBECONFIG: paths split on the platform delimiter, empty and duplicate entries dropped,
//      missing files skipped; merged so that the first file to define a name (cluster, user, context)
//      wins, and the first non-empty current-context wins;
//   3. else ~/.kube/config.
// Relative file references (certificate-authority, client-certificate, client-key, tokenFile, an exec
// command with a slash) are resolved against the file that holds them. Nothing found is a typed
// "missing" result: we never fall back to http://localhost:8080 as client libraries do.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, parseDocument } from "yaml";
import { readSimpleYaml } from "./kubeconfig-yaml";

export interface ExecConfig {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { name: string; value: string }[];
  readonly installHint?: string;
  readonly provideClusterInfo: boolean;
  readonly interactiveMode: "Never" | "IfAvailable" | "Always";
  /** Directory of the kubeconfig that defined it: relative commands are resolved from here. */
  readonly baseDir: string;
}

export interface KubeCluster {
  readonly name: string;
  readonly server: string;
  readonly certificateAuthority?: string;
  readonly certificateAuthorityData?: string;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName?: string;
  readonly proxyUrl?: string;
  /** The file that defined it. */
  readonly file: string;
}

export interface KubeUser {
  readonly name: string;
  readonly clientCertificate?: string;
  readonly clientCertificateData?: string;
  readonly clientKey?: string;
  readonly clientKeyData?: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly exec?: ExecConfig;
  /** Legacy auth-provider entries (oidc, gcp, azure): handed to client-node. */
  readonly authProvider?: { readonly name: string; readonly config: Readonly<Record<string, string>> };
  readonly impersonate?: string;
  readonly impersonateGroups: readonly string[];
  readonly file: string;
}

export interface KubeContext {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  /** "" when the context sets none (kubectl then uses "default"). */
  readonly namespace: string;
  readonly file: string;
}

export type KubeconfigOrigin =
  | { readonly kind: "explicit"; readonly path: string }
  | { readonly kind: "env"; readonly paths: readonly string[] }
  | { readonly kind: "default"; readonly path: string };

/** A merged kubeconfig. Immutable: switching context returns a new one. */
export interface Kubeconfig {
  readonly origin: KubeconfigOrigin;
  /** The files that were actually read, in precedence order. */
  readonly files: readonly string[];
  readonly currentContext: string;
  readonly contexts: ReadonlyMap<string, KubeContext>;
  readonly clusters: ReadonlyMap<string, KubeCluster>;
  readonly users: ReadonlyMap<string, KubeUser>;
}

export type KubeconfigResult =
  | { readonly ok: true; readonly config: Kubeconfig; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly reason: "missing" | "invalid"; readonly message: string; readonly origin: KubeconfigOrigin };

export interface ResolveOptions {
  /** An explicit file (a setting, --kubeconfig); empty/undefined means none. */
  readonly explicitPath?: string;
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to os.homedir(). */
  readonly homeDir?: string;
  /** Defaults to path.delimiter. */
  readonly delimiter?: string;
}

function expandHome(p: string, home: string): string {
  return p === "~" ? home : p.startsWith("~/") || p.startsWith("~\\") ? path.join(home, p.slice(2)) : p;
}

/** Where the kubeconfig comes from, before reading anything. */
export function resolveKubeconfigOrigin(options: ResolveOptions = {}): KubeconfigOrigin {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? env.HOME ?? env.USERPROFILE ?? os.homedir();
  if (options.explicitPath && options.explicitPath.trim() !== "") {
    return { kind: "explicit", path: path.resolve(expandHome(options.explicitPath.trim(), home)) };
  }
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== "") {
    const seen = new Set<string>();
    const paths: string[] = [];
    for (const p of list.split(options.delimiter ?? path.delimiter)) {
      if (p.trim() === "") continue;
      const abs = path.resolve(expandHome(p.trim(), home));
      if (!seen.has(abs)) {
        paths.push(abs);
        seen.add(abs);
      }
    }
    if (paths.length > 0) return { kind: "env", paths };
  }
  return { kind: "default", path: path.join(home, ".kube", "config") };
}

/** The files an origin may read, in precedence order. */
export function originPaths(origin: KubeconfigOrigin): readonly string[] {
  return origin.kind === "env" ? origin.paths : [origin.path];
}

export function describeOrigin(origin: KubeconfigOrigin): string {
  switch (origin.kind) {
    case "explicit":
      return `the kubeconfig file ${origin.path}`;
    case "env":
      return `KUBECONFIG (${origin.paths.join(path.delimiter)})`;
    case "default":
      return `the default kubeconfig ${origin.path}`;
  }
}

/** Resolve and read the kubeconfig like kubectl. Never throws. */
export function loadKubeconfig(options: ResolveOptions = {}): KubeconfigResult {
  return loadKubeconfigFrom(resolveKubeconfigOrigin(options));
}

export function loadKubeconfigFrom(origin: KubeconfigOrigin): KubeconfigResult {
  const warnings: string[] = [];
  const read: { file: string; value: Record<string, unknown> }[] = [];
  for (const file of originPaths(origin)) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && origin.kind !== "explicit") continue; // kubectl skips missing KUBECONFIG entries
      if (code === "ENOENT") return { ok: false, reason: "missing", message: `The kubeconfig file ${file} does not exist.`, origin };
      return { ok: false, reason: "invalid", message: `The kubeconfig file ${file} cannot be read (${code ?? "error"}).`, origin };
    }
    let value: unknown;
    try {
      value = readSimpleYaml(text) ?? parseYaml(text, { logLevel: "error" });
    } catch (e) {
      // The YAML parser's message quotes the text; it could hold a token, so only its position is kept.
      const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
      return {
        ok: false,
        reason: "invalid",
        message: `The kubeconfig file ${file} is not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ""}.`,
        origin,
      };
    }
    if (value === null || value === undefined) continue; // an empty file is an empty config
    if (typeof value !== "object" || Array.isArray(value)) {
      return {
        ok: false,
        reason: "invalid",
        message: `The kubeconfig file ${file} is not a kubeconfig (expected a mapping at the top).`,
        origin,
      };
    }
    read.push({ file, value: value as Record<string, unknown> });
  }
  if (read.length === 0) {
    const what =
      origin.kind === "env"
        ? `None of the files in KUBECONFIG exist (${origin.paths.join(", ")}).`
        : `No kubeconfig found at ${originPaths(origin)[0]}.`;
    return {
      ok: false,
      reason: "missing",
      message: `${what} Set kubeRbac.kubeconfig, pass --kubeconfig, or point KUBECONFIG at a kubeconfig file.`,
      origin,
    };
  }
  const contexts = new Map<string, KubeContext>();
  const clusters = new Map<string, KubeCluster>();
  const users = new Map<string, KubeUser>();
  let currentContext = "";
  for (const { file, value } of read) {
    const dir = path.dirname(file);
    if (currentContext === "" && typeof value["current-context"] === "string") currentContext = value["current-context"];
    for (const e of namedEntries(value.clusters, "cluster"))
      if (!clusters.has(e.name)) clusters.set(e.name, clusterFrom(e.name, e.body, file, dir));
    for (const e of namedEntries(value.users, "user")) if (!users.has(e.name)) users.set(e.name, userFrom(e.name, e.body, file, dir));
    for (const e of namedEntries(value.contexts, "context"))
      if (!contexts.has(e.name)) contexts.set(e.name, contextFrom(e.name, e.body, file));
  }
  if (currentContext !== "" && !contexts.has(currentContext)) {
    warnings.push(`The current context "${currentContext}" is not defined in ${describeOrigin(origin)}.`);
  }
  return { ok: true, config: { origin, files: read.map((r) => r.file), currentContext, contexts, clusters, users }, warnings };
}

function namedEntries(list: unknown, key: string): { name: string; body: Record<string, unknown> }[] {
  if (!Array.isArray(list)) return [];
  const out: { name: string; body: Record<string, unknown> }[] = [];
  for (const item of list) {
    if (!isMap(item) || typeof item.name !== "string" || item.name === "") continue;
    out.push({ name: item.name, body: isMap(item[key]) ? item[key] : {} });
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function s(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function filePath(v: unknown, dir: string): string | undefined {
  const p = s(v);
  return p === undefined ? undefined : path.resolve(dir, p);
}

function clusterFrom(name: string, c: Record<string, unknown>, file: string, dir: string): KubeCluster {
  return strip({
    name,
    server: s(c.server) ?? "",
    certificateAuthority: filePath(c["certificate-authority"], dir),
    certificateAuthorityData: s(c["certificate-authority-data"]),
    insecureSkipTlsVerify: c["insecure-skip-tls-verify"] === true,
    tlsServerName: s(c["tls-server-name"]),
    proxyUrl: s(c["proxy-url"]),
    file,
  });
}

function userFrom(name: string, u: Record<string, unknown>, file: string, dir: string): KubeUser {
  let exec: ExecConfig | undefined;
  if (isMap(u.exec)) {
    const e = u.exec;
    const mode = e.interactiveMode;
    exec = strip<ExecConfig>({
      apiVersion: s(e.apiVersion) ?? "client.authentication.k8s.io/v1beta1",
      command: s(e.command) ?? "",
      args: Array.isArray(e.args) ? e.args.filter((a): a is string => typeof a === "string") : [],
      env: Array.isArray(e.env)
        ? e.env
            .filter(isMap)
            .filter((x) => typeof x.name === "string")
            .map((x) => ({ name: String(x.name), value: typeof x.value === "string" ? x.value : "" }))
        : [],
      installHint: s(e.installHint),
      provideClusterInfo: e.provideClusterInfo === true,
      interactiveMode: mode === "Never" || mode === "Always" ? mode : "IfAvailable",
      baseDir: dir,
    });
  }
  const ap = isMap(u["auth-provider"]) ? u["auth-provider"] : undefined;
  const apConfig: Record<string, string> = {};
  if (ap && isMap(ap.config)) for (const [k, v] of Object.entries(ap.config)) if (typeof v === "string") apConfig[k] = v;
  return strip({
    name,
    clientCertificate: filePath(u["client-certificate"], dir),
    clientCertificateData: s(u["client-certificate-data"]),
    clientKey: filePath(u["client-key"], dir),
    clientKeyData: s(u["client-key-data"]),
    token: s(u.token),
    tokenFile: filePath(u.tokenFile, dir),
    username: s(u.username),
    password: s(u.password),
    exec,
    authProvider: ap && typeof ap.name === "string" ? { name: ap.name, config: apConfig } : undefined,
    impersonate: s(u.as),
    impersonateGroups: Array.isArray(u["as-groups"]) ? u["as-groups"].filter((g): g is string => typeof g === "string") : [],
    file,
  });
}

function contextFrom(name: string, c: Record<string, unknown>, file: string): KubeContext {
  return { name, cluster: s(c.cluster) ?? "", user: s(c.user) ?? "", namespace: s(c.namespace) ?? "", file };
}

/** Drop undefined properties so objects compare exactly in tests and print cleanly. */
function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

// ---------------------------------------------------------------------------------------------
// Contexts

export interface ContextInfo {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  /** The context's namespace, or "default" when it sets none (as kubectl). */
  readonly namespace: string;
  readonly server: string;
  readonly current: boolean;
}

export function listContexts(config: Kubeconfig): ContextInfo[] {
  return [...config.contexts.values()]
    .map((c) => ({
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      namespace: c.namespace || "default",
      server: config.clusters.get(c.cluster)?.server ?? "",
      current: c.name === config.currentContext,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Everything needed to connect through one context. */
export interface ResolvedContext {
  readonly context: KubeContext;
  readonly cluster: KubeCluster;
  readonly user: KubeUser;
  /** The context namespace or "default". */
  readonly namespace: string;
}

export type ContextResult = { readonly ok: true; readonly value: ResolvedContext } | { readonly ok: false; readonly message: string };

/** The named context (default: the current one) with its cluster and user. */
export function resolveContext(config: Kubeconfig, name: string = config.currentContext): ContextResult {
  if (name === "")
    return {
      ok: false,
      message: `No current context is set in ${describeOrigin(config.origin)}; choose one of: ${[...config.contexts.keys()].join(", ") || "(none defined)"}.`,
    };
  const context = config.contexts.get(name);
  if (!context) return { ok: false, message: `The context "${name}" is not defined in ${describeOrigin(config.origin)}.` };
  const cluster = config.clusters.get(context.cluster);
  if (!cluster) return { ok: false, message: `The context "${name}" refers to the cluster "${context.cluster}", which is not defined.` };
  if (cluster.server === "") return { ok: false, message: `The cluster "${cluster.name}" has no server address.` };
  // A context without a user (or with an undefined one) connects anonymously, as kubectl does.
  const user = config.users.get(context.user) ?? { name: context.user, impersonateGroups: [], file: context.file };
  return { ok: true, value: { context, cluster, user, namespace: context.namespace || "default" } };
}

/** Switch context in memory only: the user's files are not touched. */
export function withCurrentContext(config: Kubeconfig, name: string): Kubeconfig {
  return { ...config, currentContext: name };
}

/**
 * Persist the current context like `kubectl config use-context`: into the explicit file, else into the
 * first file (in precedence order) that already sets current-context, else into the first existing file.
 * Only that one key changes; comments and layout of the file are kept. Returns the file written.
 */
export function writeCurrentContext(config: Kubeconfig, name: string): string {
  if (!config.contexts.has(name)) throw new Error(`The context "${name}" is not defined in ${describeOrigin(config.origin)}.`);
  let target: string | undefined;
  if (config.origin.kind === "explicit") target = config.origin.path;
  else {
    for (const f of config.files) {
      try {
        const text = fs.readFileSync(f, "utf8");
        const v = readSimpleYaml(text) ?? (parseYaml(text, { logLevel: "error" }) as unknown);
        if (isMap(v) && typeof v["current-context"] === "string" && v["current-context"] !== "") {
          target = f;
          break;
        }
      } catch {
        // unreadable now: try the next one
      }
    }
    target ??= config.files[0];
  }
  if (target === undefined) throw new Error(`No kubeconfig file to write the current context to.`);
  const doc = parseDocument(fs.readFileSync(target, "utf8"));
  doc.set("current-context", name);
  fs.writeFileSync(target, doc.toString());
  return target;
}
