// Warm-up: right after start, while nothing else is being checked, the server sends generated RBAC
// documents through a private copy of its own path (never shown, never added to the workspace). A fresh
// process runs the parser and the checks several times slower than one that has run them a while (V8 has
// not compiled them yet); the extension starts the server when a workspace with YAML files opens, usually
// well before the user opens one, so the first file opened is checked by code V8 has mostly compiled
// (docs/benchmarks.md: the first 50 KB files after the warm-up against those of a cold server). The
// warm-up steps aside whenever a document waits for its check and stops after WARM_UP_DOCUMENTS
// documents (about 2 s of CPU).
import {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  Disposable,
  NotificationMessage,
  PublishDiagnosticsParams,
} from "vscode-languageserver";
import { builtInCatalog, resourceKey } from "../core/catalog/index";
import { ServerContext } from "./context";
import { CheckService } from "../core/service/check-service";
import { registerDiagnostics, Validator } from "./diagnostics";
import { Documents } from "./documents";
import { Logger } from "./logger";
import { ServerState } from "./server-state";
import { Settings } from "./settings";
import { encodeMessage } from "./wire";

export const WARM_UP_DOCUMENTS = 3000;
/** How long it waits before trying again while the server is busy (ms). */
const BUSY_WAIT_MS = 50;

/**
 * The kinds of documents people write, with what the checks look at (wildcards, risky verbs, typos,
 * bindings), in the styles they come in: hand-written (flow and block lists, double quotes) and as
 * `kubectl get -o yaml` prints them (indented lists, single quotes, nulls, labels and annotations); roles
 * whose rules cover the built-in catalog; a cluster's bootstrap policy as it is dumped.
 */
function sampleDocument(n: number): string {
  const ns = `team-${n % 7}`;
  switch (n % 16) {
    case 8:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  creationTimestamp: null\n  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n  name: system:controller:sample-${n}\nrules:\n  - apiGroups:\n      - ''\n    resources:\n      - secrets\n      - serviceaccounts\n    verbs:\n      - get\n      - '*'\n  - apiGroups:\n      - apps\n      - extensions\n    resources:\n      - deployments/scale\n    verbs:\n      - update\n      - patch\n`;
    case 9:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: edit-${n}\n  namespace: ${ns}\n  labels:\n    app.kubernetes.io/managed-by: 'Helm'\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: team-payments-${n}\n  - kind: ServiceAccount\n    name: default\n    namespace: ${ns}\n`;
    case 10:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  creationTimestamp: null\n  name: system:node-proxier-${n}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: system:node-proxier\nsubjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: User\n    name: system:kube-proxy\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: system:authenticated\n`;
    case 11:
      return `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: Role\n    metadata:\n      name: listed-${n}\n      namespace: ${ns}\n    rules:\n      - apiGroups: ['']\n        resources: ['pods/exec', 'pods/portforward']\n        verbs: ['create']\n      - apiGroups: ['batch']\n        resources: ['jobs']\n        resourceNames: ['nightly']\n        verbs: ['get', 'list']\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: app-${n}\n      namespace: ${ns}\n`;
    case 0:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader-${n}\n  namespace: ${ns}\nrules:\n- apiGroups: [""]\n  resources: ["pods", "pods/log", "configmaps"]\n  verbs: ["get", "list", "watch"]\n- apiGroups: ["apps"]\n  resources: [deployments]\n  verbs: [get, list]\n`;
    case 1:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: operator-${n}\n  labels:\n    app: operator\nrules:\n- apiGroups:\n  - "*"\n  resources:\n  - "*"\n  verbs:\n  - "*"\n- nonResourceURLs: ["/metrics"]\n  verbs: ["get"]\n`;
    case 2:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: bind-${n}\n  namespace: ${ns}\nsubjects:\n- kind: ServiceAccount\n  name: app-${n}\n  namespace: ${ns}\n- kind: Group\n  name: developers\n  apiGroup: rbac.authorization.k8s.io\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader-${n - 2}\n`;
    case 3:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: admins-${n}\nsubjects:\n- kind: User\n  name: alice@example.com\n  apiGroup: rbac.authorization.k8s.io\n- kind: ServiceAccount\n  name: ci\n  namespace: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\n`;
    case 4:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: risky-${n}\nrules:\n- apiGroups: [""]\n  resources: [secrets, pods/exec, serviceaccounts/token, nodes/proxy]\n  verbs: [get, create]\n- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles, rolebindings]\n  verbs: [bind, escalate, create]\n- apiGroups: [""]\n  resources: [users, groups]\n  verbs: [impersonate]\n`;
    case 5:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: typos-${n}\n  namespace: ${ns}\nrules:\n- apiGroups: ["core"]\n  resources: [pod, deployments]\n  verbs: [get, lst]\n  resourceNames: [one]\n- apiGroups: ["apps/v1"]\n  resources: ["pods/*"]\n  verbs: [list, deletecollection]\n  resourceNames: [two]\n`;
    case 6:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: aggregate-${n}\naggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n      rbac.example.com/aggregate-to-view: "true"\n  - matchExpressions:\n    - {key: tier, operator: In, values: [web, api]}\nrules: []\n`;
    case 12:
      return catalogRole(n, "ClusterRole");
    case 13:
      return catalogRole(n, "Role");
    case 14: {
      // As a cluster's bootstrap policy is dumped: a binding named after its role, in both scopes.
      const name = BOOTSTRAP_NAMES[n % BOOTSTRAP_NAMES.length];
      return n % 32 < 16
        ? `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n  name: ${name}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${name}\nsubjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: system:authenticated\n  - kind: ServiceAccount\n    name: sample-${n}\n    namespace: kube-system\n`
        : `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n  name: system:controller:sample-${n}\n  namespace: kube-system\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: system:controller:sample-${n}\nsubjects:\n  - kind: ServiceAccount\n    name: sample-${n}\n    namespace: kube-system\n`;
    }
    case 15:
      // A Role named like a default ClusterRole, and a RoleBinding that names a ClusterRole as a Role.
      return n % 32 < 16
        ? `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${BOOTSTRAP_NAMES[n % 4]}\n  namespace: ${ns}\nrules:\n  - apiGroups:\n      - ''\n    resources:\n      - configmaps\n    verbs:\n      - get\n`
        : `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${BOOTSTRAP_NAMES[n % 4]}-${n}\n  namespace: ${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${BOOTSTRAP_NAMES[n % 4]}\nsubjects:\n  - kind: User\n    name: user${n}@example.com\n    apiGroup: rbac.authorization.k8s.io\n`;
    default:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: workloads-${n}}\nrules:\n- {apiGroups: [apps, batch], resources: [deployments, statefulsets, jobs, cronjobs], verbs: [create, update, patch, delete]}\n- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n- {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create, delete]}\n`;
  }
}

/** Default ClusterRoles: the user-facing ones first, then some of the bootstrap policy's. */
const BOOTSTRAP_NAMES = [
  "cluster-admin",
  "admin",
  "edit",
  "view",
  "system:basic-user",
  "system:discovery",
  "system:public-info-viewer",
  "system:node-proxier",
  "system:kube-scheduler",
  "system:controller:job-controller",
];

/** Verb lists as people write them, some with verbs a given resource does not support. */
const VERB_SETS = [
  ["get", "list", "watch"],
  ["get"],
  ["create", "update", "patch", "delete"],
  ["*"],
  ["delete", "deletecollection"],
  ["update", "patch"],
  ["list"],
];

/**
 * A role whose rules are drawn from the built-in catalog: every group in turn (resources and
 * subresources, typical verb lists, resourceNames), plus a custom resource's group the catalog does not
 * know; the rules' lists in the block style `kubectl get -o yaml` prints.
 */
function catalogRole(n: number, kind: "Role" | "ClusterRole"): string {
  const catalog = builtInCatalog();
  const groups = catalog.groups();
  const lines = [
    `apiVersion: rbac.authorization.k8s.io/v1`,
    `kind: ${kind}`,
    `metadata:`,
    `  name: catalog-${n}`,
    ...(kind === "Role" ? [`  namespace: team-${n % 7}`] : []),
    `rules:`,
  ];
  for (let r = 0; r < 3; r++) {
    const group = groups[(n + r * 7) % groups.length];
    const resources = catalog.resources(group);
    if (resources.length === 0) continue;
    const picked = [0, 1].map((i) => resources[(n * 3 + r + i * 5) % resources.length]);
    lines.push(
      `  - apiGroups:`,
      `      - ${quoted(group)}`,
      `    resources:`,
      ...new Set(picked.map((p) => `      - ${resourceKey(p)}`)),
      `    verbs:`,
      ...VERB_SETS[(n + r) % VERB_SETS.length].map((v) => `      - ${quoted(v)}`),
    );
    if ((n + r) % 5 === 0) lines.push(`    resourceNames:`, `      - leader-${n}`);
  }
  lines.push(
    `  - apiGroups:`,
    `      - monitoring.coreos.com`,
    `    resources:`,
    `      - prometheusrules`,
    `      - servicemonitors`,
    `    verbs:`,
    `      - get`,
    `      - list`,
  );
  return lines.join("\n") + "\n";
}

/** As `kubectl` prints a value: quoted only when YAML needs it (the core group, a wildcard). */
function quoted(value: string): string {
  return value === "" || value === "*" ? `'${value}'` : value;
}

/** A file of `count` documents, the first numbered `from`. */
export function sampleFile(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `---\n# document ${from + i}\n${sampleDocument(from + i)}`).join("");
}

/** What the private copy of the server's path needs of a connection: documents come in, diagnostics go out as JSON, nothing is shown. */
class SilentConnection {
  private readonly handlers = new Map<string, (params: never) => void>();
  private readonly waiters = new Map<string, () => void>();
  /** Once the warm-up is over, nothing waits for diagnostics any more. */
  private released = false;

  constructor(private readonly failed: (e: unknown) => void) {}

  readonly console = {
    error: (message: string) => this.failed(new Error(message)),
    warn: () => undefined,
    info: () => undefined,
    log: () => undefined,
  };
  readonly window = {
    createWorkDoneProgress: () => Promise.resolve({ begin: () => undefined, report: () => undefined, done: () => undefined }),
  };

  /** The editor's side of text synchronisation: TextDocuments registers here, the warm-up calls `send`. */
  private on(method: string) {
    return (handler: (params: never) => void) => {
      this.handlers.set(method, handler);
      return Disposable.create(() => this.handlers.delete(method));
    };
  }
  onDidOpenTextDocument = this.on("didOpen");
  onDidChangeTextDocument = this.on("didChange");
  onDidCloseTextDocument = this.on("didClose");
  onWillSaveTextDocument = this.on("willSave");
  onWillSaveTextDocumentWaitUntil = this.on("willSaveWaitUntil");
  onDidSaveTextDocument = this.on("didSave");

  send(method: "didOpen", params: DidOpenTextDocumentParams): void;
  send(method: "didChange", params: DidChangeTextDocumentParams): void;
  send(method: "didClose", params: DidCloseTextDocumentParams): void;
  send(method: string, params: unknown): void {
    this.handlers.get(method)?.(params as never);
  }

  /** Resolves when diagnostics for `uri` are published, or once `release` is called. */
  published(uri: string): Promise<void> {
    if (this.released) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(uri, resolve));
  }

  release(): void {
    this.released = true;
    for (const resolve of this.waiters.values()) resolve();
    this.waiters.clear();
  }

  sendDiagnostics(params: PublishDiagnosticsParams): Promise<void> {
    // The diagnostics' JSON, as the server's writer makes it.
    encodeMessage({ jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params } as NotificationMessage);
    const resolve = this.waiters.get(params.uri);
    this.waiters.delete(params.uri);
    resolve?.();
    return Promise.resolve();
  }

  sendNotification(): Promise<void> {
    return Promise.resolve();
  }
}

/** A private copy of the path a document takes in the server, from the editor's messages to the diagnostics' JSON. */
class Pipeline implements Disposable {
  private readonly connection: SilentConnection;
  private readonly subs: Disposable[];
  /** The file opened last (still open: the next file's bindings may name its roles). */
  private previous: string | undefined;

  constructor(yieldTo: () => Promise<void> | undefined, fail: (e: unknown) => void) {
    this.connection = new SilentConnection(fail);
    // The part of a connection the documents, the validator and the logger use.
    const connection = this.connection as unknown as Connection;
    const state = new ServerState({ ...Settings.defaults, debounceMs: 0 });
    const checks = new CheckService();
    const documents = new Documents(state, checks);
    const ctx: ServerContext = {
      connection,
      state,
      documents,
      checks,
      logger: new Logger(connection),
      extensionRoot: undefined,
      revalidate: () => undefined,
    };
    // Every check in the background: small slices, yielding to the server's own.
    this.subs = [documents.open.listen(connection), registerDiagnostics(ctx, new Validator(ctx, yieldTo), true)];
  }

  /** Opens `text`, edits one line in its middle, and closes the file opened before; each step once its diagnostics are out. */
  async file(uri: string, text: string): Promise<void> {
    await this.checked(uri, () => this.connection.send("didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } }));
    const at = text.indexOf("name: ", text.length >> 1) + "name: ".length;
    const lines = text.slice(0, at).split("\n");
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    await this.checked(uri, () =>
      this.connection.send("didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: position, end: position }, text: "x" }],
      }),
    );
    const previous = this.previous;
    this.previous = uri;
    if (previous) await this.checked(previous, () => this.connection.send("didClose", { textDocument: { uri: previous } }));
  }

  private async checked(uri: string, send: () => void): Promise<void> {
    const published = this.connection.published(uri);
    send();
    await published;
  }

  dispose(): void {
    // (Disposing the diagnostics' registration disposes the validator.)
    for (const s of this.subs) s.dispose();
    this.connection.release();
  }
}

/**
 * Sends WARM_UP_DOCUMENTS generated documents, as files of 100, through a private copy of the path a
 * document takes in the server: text synchronisation (TextDocuments and Documents), the chunked parse,
 * a workspace of its own (so role lookups run), the validator with its findings cache and file-level
 * checks, the diagnostics and their JSON. Each file is opened, edited on one line (the incremental
 * path) and closed after the next one is open. Nothing reaches the client or the server's own state.
 *
 * The private checks run in small slices and wait whenever `busy()` (the server's own validator has
 * work); the warm-up stops when disposed.
 */
export function startWarmUp(busy: () => boolean, done: (ms: number) => void, failed: (e: unknown) => void): Disposable {
  let stopped = false;
  const started = Date.now();
  // A check that fails in the warm-up would fail for a user's document too: reported, and the warm-up ends.
  const fail = (e: unknown) => {
    if (stopped) return;
    stop();
    failed(e);
  };
  const whileBusy = (): Promise<void> | undefined =>
    busy() && !stopped ? new Promise<void>((resolve) => setTimeout(resolve, BUSY_WAIT_MS)).then(() => whileBusy()) : undefined;
  // Let go when stopped: the server keeps the warm-up's disposable for as long as it runs.
  let pipeline: Pipeline | undefined = new Pipeline(whileBusy, fail);
  const run = async () => {
    const perFile = 100;
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let n = 0; n < WARM_UP_DOCUMENTS && pipeline; n += perFile) {
      await whileBusy();
      await pipeline?.file(`kube-rbac-warm-up:/sample-${n}.yaml`, sampleFile(n, perFile));
    }
    if (stopped) return;
    // Let go of the private copy first: what it held is garbage by the time `done` is told.
    stop();
    done(Date.now() - started);
  };
  function stop() {
    stopped = true;
    pipeline?.dispose();
    pipeline = undefined;
  }
  run().then(stop, fail);
  return Disposable.create(stop);
}
