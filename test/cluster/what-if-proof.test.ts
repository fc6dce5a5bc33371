// What-if, proven: random worlds are created in the real kube-apiserver; random changes (new and
// changed Roles, ClusterRoles and bindings) are predicted with what-if, then applied for real. The
// predicted change of every subject's permissions must equal the change between the states the server
// holds before and after (aggregation included); every added line must be allowed afterwards and every
// removed line allowed before, as SubjectAccessReview answers.

import { strict as assert } from "node:assert";
import { Identity, isBinding, RbacObject, Request } from "../../core/model";
import { objectsFromPlain } from "../../core/load";
import { RbacIndex } from "../../core/rbac-index";
import { applied, PermissionLine, subjectIdentity, whatIf } from "../../core/what-if";
import { AdminClient } from "../support/apiserver";
import { listConverged, pathOf, pool, serverAllows, useAdminWithNamespaces } from "../support/cluster-objects";
import { randomApplyCases } from "../support/random-apply";
import { Manifest, NAMESPACES, randomWorld } from "../support/random-world";

const WORLDS = Number(process.env.KUBE_RBAC_WHATIF_WORLDS ?? 4);
const FIRST_SEED = 7000;

function requestOf(l: PermissionLine): Request {
  if (l.apiGroup === undefined) return { kind: "nonResource", verb: l.verb, path: l.resource };
  const [resource, subresource = ""] = l.resource.split(/\/(.*)/s) as [string, string?];
  return {
    kind: "resource",
    verb: l.verb,
    apiGroup: l.apiGroup,
    resource,
    subresource,
    name: l.resourceNames[0] ?? "",
    namespace: l.scope,
  };
}

function objectOf(m: Manifest): RbacObject {
  const out = { objects: [] as RbacObject[], others: [] };
  objectsFromPlain(m, out);
  return out.objects[0];
}

/** Random changes a kubectl apply could make: a binding's roleRef never changes (the server refuses it). */
function changesOf(seed: number, world: readonly Manifest[]): Manifest[] {
  const byKey = new Map(world.map((m) => [`${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`, m]));
  const out = new Map<string, Manifest>();
  for (const c of randomApplyCases(seed, world, 12)) {
    const key = `${c.manifest.kind}/${c.manifest.metadata.namespace ?? ""}/${c.manifest.metadata.name}`;
    const old = byKey.get(key);
    if (old && JSON.stringify(old.roleRef) !== JSON.stringify(c.manifest.roleRef)) continue;
    out.set(key, c.manifest);
  }
  return [...out.values()];
}

async function applyForReal(admin: AdminClient, m: Manifest, exists: boolean): Promise<void> {
  if (!exists) {
    await admin.create(pathOf(m), m);
    return;
  }
  const url = `${pathOf(m)}/${encodeURIComponent(m.metadata.name)}`;
  const current = await admin.request<{ metadata: { resourceVersion: string } }>("GET", url);
  await admin.update(url, { ...m, metadata: { ...m.metadata, resourceVersion: current.body.metadata.resourceVersion } });
}

describe("what-if agrees with the API server (changes applied for real)", function () {
  this.timeout(20 * 60_000);
  const adminClient = useAdminWithNamespaces(NAMESPACES);

  it(`predicts the change of every subject's permissions over ${WORLDS} random worlds`, async () => {
    const admin = adminClient();
    let subjects = 0;
    let added = 0;
    let removed = 0;
    for (let w = 0; w < WORLDS; w++) {
      const seed = FIRST_SEED + w;
      const world = randomWorld(seed);
      for (const m of world) await admin.create(pathOf(m), m);
      const before = new RbacIndex(await listConverged(admin));
      const changes = changesOf(seed, world);
      const exists = new Set(world.map((m) => `${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`));
      const predicted = whatIf(before, applied(before, changes.map(objectOf)));
      const checks: { id: Identity; line: PermissionLine; when: "before" | "after" }[] = [];
      for (const c of predicted) {
        const id = subjectIdentity(c);
        for (const line of c.added) checks.push({ id, line, when: "after" });
        for (const line of c.removed) checks.push({ id, line, when: "before" });
      }
      const failures: string[] = [];
      const sar = (when: "before" | "after") =>
        pool(
          checks.filter((c) => c.when === when),
          8,
          async (c) => {
            if (!(await serverAllows(admin, { identity: c.id, request: requestOf(c.line) })))
              failures.push(`seed ${seed}: ${JSON.stringify(c.id)} ${JSON.stringify(c.line)} not allowed ${when}`);
          },
        );
      await sar("before");
      for (const m of changes) await applyForReal(admin, m, exists.has(`${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`));
      const actual = whatIf(before, new RbacIndex(await listConverged(admin)));
      await sar("after");
      assert.deepEqual(predicted, actual, `seed ${seed}: the prediction differs from what the server holds after applying`);
      assert.deepEqual(failures, []);
      subjects += predicted.length;
      added += predicted.reduce((n, c) => n + c.added.length, 0);
      removed += predicted.reduce((n, c) => n + c.removed.length, 0);
      const all = [...world, ...changes.filter((m) => !exists.has(`${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`))];
      for (const m of all) await admin.remove(`${pathOf(m)}/${encodeURIComponent(m.metadata.name)}`);
      assert.ok(changes.some((m) => isBinding(objectOf(m))));
    }
    console.log(
      `      what-if: ${subjects} subject changes predicted over ${WORLDS} worlds, ${added} lines added, ${removed} removed; all match the server`,
    );
    assert.ok(subjects >= WORLDS && added > 0 && removed > 0, JSON.stringify({ subjects, added, removed }));
  });
});
