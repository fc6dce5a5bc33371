// The cluster model (client/cluster/model.ts) outside the editor: where the permissions come from, per
// settings and trust, and the what-if overlay. Sources that need no cluster: a snapshot file, the
// example snapshot, and the states that say why nothing is read.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClusterModel, ModelHost } from "../../../client/cluster/model";
import { ModelState, ReadyState } from "../../../client/cluster/model-state";
import { ClientConfig } from "../../../client/config";
import { RbacObject } from "../../../core/model";
import { parseManifests } from "../../../core/parse";
import { REPO_ROOT } from "../../support/corpus";

const SNAPSHOT = `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: reader, namespace: dev}
    rules:
      - apiGroups: [""]
        resources: [pods]
        verbs: [get, list]
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: read-pods, namespace: dev}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
    subjects:
      - {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
`;

const OVERLAY = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods-too, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: bob}
`;

interface Logged {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
}

/** A model over `settings` (kubeRbac.* keys), with what the editor would give it. */
function modelWith(settings: Record<string, unknown>, opts: { trusted?: boolean; root?: string; overlay?: readonly RbacObject[] } = {}) {
  const logged: Logged[] = [];
  const host: ModelHost = {
    extensionPath: REPO_ROOT,
    log: {
      info: (message) => logged.push({ level: "info", message }),
      warn: (message) => logged.push({ level: "warn", message }),
      error: (message) => logged.push({ level: "error", message }),
    },
    config: () => ClientConfig.from((key) => settings[key]),
    workspaceObjects: () => Promise.resolve({ objects: opts.overlay ?? [], files: 1 }),
    isTrusted: () => opts.trusted ?? true,
    workspaceRoot: () => opts.root,
  };
  const model = new ClusterModel(host);
  const states: ModelState[] = [];
  model.onDidChange((s) => states.push(s));
  return { model, states, logged };
}

function ready(s: ModelState): ReadyState {
  assert.equal(s.kind, "ready", JSON.stringify(s));
  return s;
}

const users = (s: ReadyState) =>
  s.index
    .subjects()
    .filter((x) => x.kind === "User")
    .map((x) => x.name)
    .sort();

describe("client/cluster/model", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-model-"));
    fs.writeFileSync(path.join(dir, "snapshot.yaml"), SNAPSHOT);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads a snapshot file named relative to the workspace folder, announcing loading then ready", async () => {
    const { model, states } = modelWith({ snapshotFile: "snapshot.yaml" }, { root: dir });
    try {
      await model.reload();
      assert.deepEqual(
        states.map((s) => s.kind),
        ["loading", "ready"],
      );
      const s = ready(model.state);
      assert.equal(s.source, "file");
      assert.equal(s.label, "snapshot.yaml");
      assert.deepEqual(users(s), ["alice"]);
      assert.equal(s.whatIf, undefined);
      assert.equal(s.index, s.liveIndex);
      assert.ok(states[1].version > states[0].version);
    } finally {
      model.dispose();
    }
  });

  it("untrusted: reads no kubeconfig, but a snapshot file still", async () => {
    const untrusted = modelWith({}, { trusted: false });
    const withFile = modelWith({ snapshotFile: path.join(dir, "snapshot.yaml") }, { trusted: false });
    try {
      await untrusted.model.reload();
      assert.equal(untrusted.model.state.kind, "untrusted");
      await withFile.model.reload();
      assert.deepEqual(users(ready(withFile.model.state)), ["alice"]);
    } finally {
      untrusted.model.dispose();
      withFile.model.dispose();
    }
  });

  it("cluster access turned off: disabled, nothing read", async () => {
    const { model, logged } = modelWith({ "cluster.enable": false });
    try {
      await model.reload();
      assert.equal(model.state.kind, "disabled");
      assert.deepEqual(logged, []);
    } finally {
      model.dispose();
    }
  });

  it("no kubeconfig: the example snapshot, or why nothing is shown when it is not wanted", async () => {
    const missing = path.join(dir, "no-such-kubeconfig");
    const example = modelWith({ kubeconfig: missing });
    const none = modelWith({ kubeconfig: missing, "cluster.exampleSnapshot": false });
    try {
      await example.model.reload();
      const s = ready(example.model.state);
      assert.equal(s.source, "example");
      assert.equal(s.label, "example snapshot");
      assert.deepEqual(s.notes, ["No kubeconfig found: showing the example snapshot"]);
      assert.ok(s.index.subjects().length > 0);
      await none.model.reload();
      assert.deepEqual(none.model.state, {
        kind: "no-kubeconfig",
        message: `The kubeconfig file ${missing} does not exist.`,
        version: none.model.state.version,
      });
    } finally {
      example.model.dispose();
      none.model.dispose();
    }
  });

  it("a snapshot file that cannot be read becomes an error state, never an exception", async () => {
    const { model } = modelWith({ snapshotFile: path.join(dir, "missing.yaml") });
    try {
      await model.reload();
      const s = model.state;
      assert.equal(s.kind, "error");
      assert.equal(s.kind === "error" && s.label, "missing.yaml");
    } finally {
      model.dispose();
    }
  });

  it("what-if overlays the workspace's manifests on the snapshot and keeps the snapshot's own index", async () => {
    const overlay = parseManifests(OVERLAY, "overlay.yaml").objects;
    const { model } = modelWith({ snapshotFile: path.join(dir, "snapshot.yaml") }, { overlay });
    try {
      await model.reload();
      await model.setWhatIf(true);
      assert.equal(model.whatIf, true);
      const on = ready(model.state);
      assert.deepEqual(on.whatIf, { files: 1, objects: 1, projects: 0, failures: [] });
      assert.deepEqual(users(on), ["alice", "bob"]);
      assert.deepEqual(
        on.liveIndex
          .subjects()
          .filter((x) => x.kind === "User")
          .map((x) => x.name),
        ["alice"],
      );
      await model.setWhatIf(false);
      const off = ready(model.state);
      assert.equal(off.whatIf, undefined);
      assert.deepEqual(users(off), ["alice"]);
    } finally {
      model.dispose();
    }
  });
});
