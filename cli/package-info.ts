// What the command line knows about its own package: its version and the documentation pages of the
// checks (shipped in the npm package beside the bundle), for SARIF's tool and rule descriptions.

import * as fs from "node:fs";
import * as path from "node:path";

/** The folder holding kube-rbac's package.json, searched upwards from this file (bundled or not). */
function packageRoot(): string | undefined {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === "kube-rbac") return dir;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function packageVersion(): string | undefined {
  const root = packageRoot();
  if (!root) return undefined;
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : undefined;
}

/**
 * A check's full description from its documentation page: the summary line (what it finds, its default
 * severity) and the "Why" paragraph when the page has one. Undefined when the page is missing.
 */
export function checkDescription(code: string): string | undefined {
  const root = packageRoot();
  if (!root || !/^[a-z0-9-]+$/.test(code)) return undefined;
  let page: string;
  try {
    page = fs.readFileSync(path.join(root, "docs", "checks", `${code}.md`), "utf8");
  } catch {
    return undefined;
  }
  const oneLine = (t: string) =>
    t
      .replace(/\s*\n\s*/g, " ")
      .replace(/\*\*|`/g, "")
      .trim();
  const summary = /^\*\*[\s\S]*?(?:\n\s*\n|$)/m.exec(page)?.[0];
  const why = /^## Why\s*\n+([\s\S]*?)(?:\n\s*\n|$)/m.exec(page)?.[1];
  const parts = [summary, why && !why.startsWith("What the checker says") ? why : undefined].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.map(oneLine).join(" ") : undefined;
}
