// Warm-up: right after start, while nothing else is being checked, the server parses and checks generated
// RBAC documents (never shown, never added to the workspace). A fresh process runs the parser and the
// checks several times slower than one that has run them a while (V8 has not compiled them yet); the
// extension starts the server when a workspace with YAML files opens, usually well before the user opens
// one, so the first file opened is checked by code V8 has mostly compiled (in the benchmark, a 50 KB file
// in 43 ms instead of 125; a server at work takes 24). The warm-up steps aside whenever a document waits
// for its check and stops after WARM_UP_DOCUMENTS documents (1.5-2 s of CPU).
import { Disposable, NotificationMessage } from "vscode-languageserver";
import { builtInCatalog } from "../core/catalog";
import { checkDocument, CheckContext } from "../core/checks/index";
import { Chunk, ChunkedParser, Unchanged } from "../core/service/chunked-parse";
import { FileLevelIndex } from "../core/service/file-level";
import { FindingsCache } from "../core/service/findings-cache";
import { WorkspaceModel } from "../core/service/workspace";
import { encodeMessage } from "./wire";

export const WARM_UP_DOCUMENTS = 3000;
/** How long a warm-up step may hold the event loop (ms). */
const SLICE_MS = 4;
/** How long it waits before trying again while the server is busy (ms). */
const BUSY_WAIT_MS = 50;

/**
 * The kinds of documents people write, with what the checks look at (wildcards, risky verbs, typos,
 * bindings), in the styles they come in: hand-written (flow and block lists, double quotes) and as
 * `kubectl get -o yaml` prints them (indented lists, single quotes, nulls, labels and annotations).
 */
function sampleDocument(n: number): string {
  const ns = `team-${n % 7}`;
  switch (n % 12) {
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
    default:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: workloads-${n}}\nrules:\n- {apiGroups: [apps, batch], resources: [deployments, statefulsets, jobs, cronjobs], verbs: [create, update, patch, delete]}\n- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n- {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create, delete]}\n`;
  }
}

/** A file of `count` documents, the first numbered `from`. */
export function sampleFile(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `---\n# document ${from + i}\n${sampleDocument(from + i)}`).join("");
}

/**
 * Parses and checks WARM_UP_DOCUMENTS generated documents in slices, as the validator would (chunked
 * parse, a workspace index, findings cache, file-level checks, an edit, diagnostics and their JSON),
 * while `busy()` is false; stops when disposed.
 */
export function startWarmUp(busy: () => boolean, done: (ms: number) => void, failed: (e: unknown) => void): Disposable {
  let stopped = false;
  const started = Date.now();
  let slice = Date.now();
  /** Lets other work through every SLICE_MS, and waits while the server is busy with documents. */
  const step = async (): Promise<void> => {
    if (Date.now() - slice < SLICE_MS && !busy()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (busy() && !stopped) await new Promise<void>((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
    slice = Date.now();
  };
  const run = async () => {
    const parser = new ChunkedParser();
    const cache = new FindingsCache();
    // A workspace of its own (the sample's roles never reach the real one), so role lookups run too.
    const workspace = new WorkspaceModel();
    const ctx: CheckContext = { catalog: builtInCatalog(), workspace };
    const check = (chunk: Chunk) => chunk.parsed.documents.flatMap((_d, i) => checkDocument(chunk.parsed, i, ctx));
    const perFile = 100;
    let previous: string | undefined;
    await step();
    for (let n = 0; n < WARM_UP_DOCUMENTS; n += perFile) {
      const name = `kube-rbac-warm-up:${n}`;
      let text = sampleFile(n, perFile);
      // The file as opened, then after a one-line edit in its middle (the incremental path).
      for (const edit of [false, true]) {
        let unchanged: Unchanged | undefined;
        if (edit) {
          const at = text.indexOf("name: ", text.length >> 1) + "name: ".length;
          unchanged = { base: text, prefix: at, suffix: text.length - at };
          text = `${text.slice(0, at)}x${text.slice(at)}`;
        }
        const file = parser.parse(text, name, unchanged);
        workspace.setFilePieces(name, file.pieces());
        const epochs = { stamp: String(workspace.shape), of: () => String(workspace.shape) };
        const checks = cache.chunkSteps(file, epochs, check);
        let r = checks.next();
        for (; !r.done; r = checks.next()) {
          await step();
          if (stopped) return;
        }
        const findings = [...r.value.flat(), ...new FileLevelIndex().findings(file, ctx)];
        // The diagnostics and their JSON, as a publication needs them.
        const diagnostics = findings.map((f) => ({ range: { start: file.positionAt(f.span.start), end: file.positionAt(f.span.end) }, severity: 2, code: f.code, source: "kube-rbac", message: f.message }));
        encodeMessage({ jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params: { uri: name, version: 1, diagnostics } } as NotificationMessage);
        await step();
        if (stopped) return;
      }
      // Keep one file before this one: the sample's bindings name roles defined a few documents earlier.
      if (previous) {
        workspace.removeFile(previous);
        cache.forget(previous);
        parser.forget(previous);
      }
      previous = name;
    }
    done(Date.now() - started);
  };
  run().catch(failed);
  return Disposable.create(() => {
    stopped = true;
  });
}
