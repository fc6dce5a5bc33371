// Ignored paths of the repository configuration: glob patterns relative to the configuration file's
// folder. `*` and `?` stay within one path segment, `**` spans any number of them, and a pattern that
// matches a folder ignores everything below it (`legacy/` or `legacy` ignores legacy/a/b.yaml).

/** A matcher of relative paths (with `/` separators) against the patterns. */
export function ignoreMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const res = patterns.map(globToRegExp);
  return (relativePath) => {
    const p = relativePath.replace(/\\/g, "/").replace(/^\.\//, "");
    return res.some((re) => re.test(p));
  };
}

function globToRegExp(pattern: string): RegExp {
  const p = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "*" && p[i + 1] === "*") {
      const slashAfter = p[i + 2] === "/";
      // `**/` matches zero or more whole segments; a final `**` anything.
      re += slashAfter ? "(?:.*/)?" : ".*";
      i += slashAfter ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}
