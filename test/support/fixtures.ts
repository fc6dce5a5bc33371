// Paths of the cluster-access fixtures (test/fixtures/kubeconfig): read in place from the source tree.
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./corpus";

export const KUBECONFIG_FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "kubeconfig");

export function kubeconfigFixture(name: string): string {
  return path.join(KUBECONFIG_FIXTURES, name);
}

/**
 * The repository configuration tests' manifest (test/fixtures/config/role.yaml): a Role with a wildcard
 * warning (line 7) and a missing-verbs error (line 8). `WILDCARD_ROLE` is its first rule only.
 */
export const CONFIG_ROLE = fs.readFileSync(path.join(REPO_ROOT, "test", "fixtures", "config", "role.yaml"), "utf8");
export const WILDCARD_ROLE = CONFIG_ROLE.split("\n").slice(0, 7).join("\n") + "\n";
