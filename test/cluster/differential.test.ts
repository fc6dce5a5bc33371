// Agreement with the real authorizer: random RBAC worlds (from seeds) are created in the real
// kube-apiserver; the engine, fed with what the server then holds (bootstrap policy included, and the
// aggregation controller's results), must answer every random request exactly like SubjectAccessReview.
// Every disagreement fails the test and is printed with its world seed, so it can be replayed with
// KUBE_RBAC_DIFF_SEED=<seed>.

import { strict as assert } from "node:assert";
import { authorize } from "../../core/authorize";
import { RbacIndex } from "../../core/rbac-index";
import { listConverged, pathOf, pool, serverAllows, useAdminWithNamespaces } from "../support/cluster-objects";
import { NAMESPACES, randomQueries, randomWorld } from "../support/random-world";

const WORLDS = Number(process.env.KUBE_RBAC_DIFF_WORLDS ?? 50);
const QUERIES_PER_WORLD = Number(process.env.KUBE_RBAC_DIFF_QUERIES ?? 420);
const FIRST_SEED = Number(process.env.KUBE_RBAC_DIFF_SEED ?? 1000);

describe("agreement with the real authorizer (SubjectAccessReview)", function () {
  this.timeout(30 * 60_000);
  const adminClient = useAdminWithNamespaces(NAMESPACES);

  it(`agrees on ${WORLDS * QUERIES_PER_WORLD} random queries over ${WORLDS} random worlds`, async () => {
    const admin = adminClient();
    let compared = 0;
    let allowedCount = 0;
    const disagreements: string[] = [];
    for (let w = 0; w < WORLDS; w++) {
      const seed = FIRST_SEED + w;
      const world = randomWorld(seed);
      for (const m of world) await admin.create(pathOf(m), m);
      const objects = await listConverged(admin);
      // The server's objects, literally: the controller has converged, so literal = converged here.
      const index = new RbacIndex(objects, { aggregation: "literal" });
      const queries = randomQueries(seed, world, QUERIES_PER_WORLD);
      await pool(queries, 8, async (q) => {
        const expected = await serverAllows(admin, q);
        const got = authorize(index, q.identity, q.request).decision !== "not-allowed";
        compared++;
        if (expected) allowedCount++;
        if (got !== expected)
          disagreements.push(
            `world seed ${seed}: ${JSON.stringify(q)}: server ${expected ? "allows" : "does not allow"}, engine ${got ? "allows" : "does not"}`,
          );
      });
      for (const m of world) await admin.remove(`${pathOf(m)}/${encodeURIComponent(m.metadata.name)}`);
    }
    console.log(
      `      differential: ${compared} queries over ${WORLDS} worlds compared with SubjectAccessReview; ${allowedCount} allowed, ${compared - allowedCount} not; ${disagreements.length} disagreements`,
    );
    assert.deepEqual(disagreements.slice(0, 20), [], `${disagreements.length} disagreements`);
    assert.ok(compared >= WORLDS * QUERIES_PER_WORLD);
    assert.ok(allowedCount > compared * 0.05, `too few allowed answers (${allowedCount}) for the comparison to mean much`);
  });
});
