// "Can I apply?" proven: random worlds are created in the real kube-apiserver, then random (object,
// identity) pairs are sent as the impersonated identity: a dry-run create (POST) for a new object, a
// dry-run merge patch (what kubectl apply sends) for one the server holds. The engine, fed with what
// the server holds, must give the same yes/no for every pair. Disagreements are listed with their
// world seed (replay with KUBE_RBAC_APPLY_SEED=<seed>).

import { strict as assert } from "node:assert";
import { canApplyObject, findExisting } from "../../core/can-apply";
import { impersonatedIdentity } from "../../core/identity";
import { objectsFromPlain } from "../../core/load";
import { RbacObject } from "../../core/model";
import { RbacIndex } from "../../core/rbac-index";
import { AdminClient } from "../support/apiserver";
import { listConverged, pathOf, pool, useAdminWithNamespaces } from "../support/cluster-objects";
import { ApplyCase, randomApplyCases, writerGrants } from "../support/random-apply";
import { NAMESPACES, randomWorld } from "../support/random-world";

const WORLDS = Number(process.env.KUBE_RBAC_APPLY_WORLDS ?? 8);
const PAIRS_PER_WORLD = Number(process.env.KUBE_RBAC_APPLY_PAIRS ?? 250);
const FIRST_SEED = Number(process.env.KUBE_RBAC_APPLY_SEED ?? 5000);

function objectOf(c: ApplyCase): RbacObject {
  const out = { objects: [] as RbacObject[], others: [] };
  objectsFromPlain(c.manifest, out);
  assert.equal(out.objects.length, 1, JSON.stringify(c.manifest));
  return out.objects[0];
}

/** The server's answer, as the impersonated identity, without storing anything. */
async function serverAccepts(admin: AdminClient, c: ApplyCase, exists: boolean): Promise<{ ok: boolean; why: string }> {
  const headers: Record<string, string> = { "impersonate-user": c.user };
  const body = JSON.stringify(c.manifest);
  // Node sends an array header as repeated lines: one Impersonate-Group per group.
  if (c.groups.length) (headers as Record<string, unknown>)["impersonate-group"] = [...c.groups];
  const r = exists
    ? await admin.requestText<{ message?: string }>(
        "PATCH",
        `${pathOf(c.manifest)}/${encodeURIComponent(c.manifest.metadata.name)}?dryRun=All`,
        body,
        "application/merge-patch+json",
        headers,
      )
    : await admin.requestText<{ message?: string }>("POST", `${pathOf(c.manifest)}?dryRun=All`, body, "application/json", headers);
  return { ok: r.status === 200 || r.status === 201, why: `${r.status} ${r.body.message ?? ""}` };
}

describe("can-apply agrees with the API server (impersonated dry-run create or patch)", function () {
  this.timeout(30 * 60_000);
  const adminClient = useAdminWithNamespaces(NAMESPACES);

  it(`agrees on ${WORLDS * PAIRS_PER_WORLD} random (object, identity) pairs over ${WORLDS} worlds`, async () => {
    const admin = adminClient();
    let compared = 0;
    const counts = { yes: 0, no: 0, create: 0, patch: 0 };
    const reasons = new Map<string, number>();
    const disagreements: string[] = [];
    for (let w = 0; w < WORLDS; w++) {
      const seed = FIRST_SEED + w;
      const world = [...randomWorld(seed), ...writerGrants(seed)];
      for (const m of world) await admin.create(pathOf(m), m);
      const index = new RbacIndex(await listConverged(admin), { aggregation: "literal" });
      await pool(randomApplyCases(seed, world, PAIRS_PER_WORLD), 8, async (c) => {
        const object = objectOf(c);
        const ours = canApplyObject(index, impersonatedIdentity(c.user, c.groups), object);
        const exists = findExisting(index, object.kind, ours.namespace, object.metadata.name) !== undefined;
        const server = await serverAccepts(admin, c, exists);
        compared++;
        counts[server.ok ? "yes" : "no"]++;
        counts[ours.operation]++;
        reasons.set(ours.reason, (reasons.get(ours.reason) ?? 0) + 1);
        if (server.ok !== ours.allowed)
          disagreements.push(
            `world seed ${seed}: ${c.user} ${JSON.stringify(c.groups)} ${ours.operation} ${JSON.stringify(c.manifest)}: ` +
              `server ${server.ok ? "accepts" : `rejects (${server.why})`}, engine ${ours.allowed ? "yes" : "no"} (${ours.reason}: ${ours.details.join("; ")})`,
          );
      });
      for (const m of world) await admin.remove(`${pathOf(m)}/${encodeURIComponent(m.metadata.name)}`);
    }
    console.log(
      `      can-apply: ${compared} pairs compared (${counts.create} creates, ${counts.patch} patches); server yes ${counts.yes}, no ${counts.no}; ` +
        `${disagreements.length} disagreements; engine reasons ${JSON.stringify(Object.fromEntries([...reasons].sort()))}`,
    );
    assert.deepEqual(disagreements.slice(0, 15), [], `${disagreements.length} disagreements`);
    assert.ok(compared >= 1000, `${compared} pairs`);
    assert.ok(counts.yes > compared * 0.1 && counts.no > compared * 0.1, `too one-sided: ${JSON.stringify(counts)}`);
    for (const r of ["covered", "missing-coverage", "no-write-permission", "bind", "escalate", "role-ref-changed"])
      assert.ok((reasons.get(r) ?? 0) > 0, `no pair was answered by ${r}`);
  });
});
