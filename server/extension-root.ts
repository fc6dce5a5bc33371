// The folder holding the extension's package.json: the docs pages the diagnostics link to and the
// warm-up's samples are read from there, whether the server runs from its bundle or from the build.
import * as fs from "node:fs";
import * as path from "node:path";

/** The folder holding the extension's package.json (and docs/), searched upwards from `start`. */
export function findExtensionRoot(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === "kube-rbac") return dir;
    } catch {
      /* not here */
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
