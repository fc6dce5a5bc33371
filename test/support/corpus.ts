// Where the shared corpus of real-world manifests lives: next to the project (../shared/corpus from the
// repository root). Tests read it in place; it is never copied into the project.
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const CORPUS_DIR = process.env.KUBE_RBAC_CORPUS ?? path.resolve(REPO_ROOT, "..", "shared", "corpus");

/** Top-level YAML files of the corpus (the valid ones), or of a sub-folder such as "bad". */
export function corpusFiles(sub = ""): string[] {
  const dir = path.join(CORPUS_DIR, sub);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every YAML file below a folder of the corpus, at any depth (charts, kustomize bases), sorted. */
export function corpusTree(sub: string): string[] {
  const dir = path.join(CORPUS_DIR, sub);
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f) && fs.statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => path.join(dir, f));
}

export function readCorpus(name: string): string {
  return fs.readFileSync(path.join(CORPUS_DIR, name), "utf8");
}
