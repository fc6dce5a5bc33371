// The project's import graph, read from the sources (every relative import, `import type` and
// `export … from` included), and its cycles.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** Source folders of the project, relative to the repository root. */
export const SOURCE_DIRS = ["core", "cluster", "protocol", "render", "audit", "server", "cli", "client", "test", "scripts", "bench"];
const SKIP = new Set(["node_modules", "out", "dist", "fixtures", "apiserver"]);
const EXTENSIONS = [".ts", ".mjs", ".js", ".cjs"];

/** File (relative to `root`) → the project files it imports. */
export function importGraph(root: string, dirs: readonly string[] = SOURCE_DIRS): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((d) => sourceFiles(path.join(root, d)))) {
    const imports = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles;
    const targets = imports
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => resolve(path.dirname(file), spec))
      .filter((t): t is string => t !== undefined)
      .map((t) => path.relative(root, t));
    graph.set(path.relative(root, file), [...new Set(targets)].sort());
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : sourceFiles(p);
    return EXTENSIONS.some((x) => e.name.endsWith(x)) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** The file an import names, as the compiler (node16) or Node would find it. */
function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(from, spec);
  const candidates = [base, `${base}.ts`, path.join(base, "index.ts"), base.replace(/\.js$/, ".ts")];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/**
 * Every cycle, as the files of one strongly connected component (Tarjan), each listed from its
 * smallest name along a path of imports back to it. Empty when the graph has none.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(cyclePath(graph, component));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One way round a component: from its smallest file, through the component, back to it. */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, component: readonly string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  // Breadth-first from the start to any member that imports the start.
  const previous = new Map<string, string>([[start, ""]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (w === start) {
        const route = [v];
        while (route[0] !== start) route.unshift(previous.get(route[0])!);
        return [...route, start];
      }
      if (members.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component].sort();
}
