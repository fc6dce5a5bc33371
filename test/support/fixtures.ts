// Paths of the cluster-access fixtures (test/fixtures/kubeconfig): read in place from the source tree.
import * as path from "node:path";
import { REPO_ROOT } from "./corpus";

export const KUBECONFIG_FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "kubeconfig");

export function kubeconfigFixture(name: string): string {
  return path.join(KUBECONFIG_FIXTURES, name);
}
