// The initial scan of every *.yaml / *.yml file in the workspace folders, kept current through
// workspace/didChangeWatchedFiles (which also tells the render scheduler of charts changed on disk). node_modules and .git are skipped; files over the size limit are
// skipped with a logged message. The scan yields between files so requests stay responsive.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Disposable, DidChangeWatchedFilesNotification, FileChangeType, WatchKind, WorkspaceFolder } from "vscode-languageserver";
import { WorkspaceScannedNotification } from "../protocol/index";
import { ServerContext } from "./context";
import { isConfigUri } from "./repo-config";
import { guard } from "./run-safe";

const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn"]);
const YAML_RE = /\.ya?ml$/i;
/**
 * The YAML files, and what else a chart or kustomization is made of (`_helpers.tpl`, other templates,
 * JSON patches), and deletions of anything (a deleted folder is reported as itself, not as its files).
 */
const WATCHERS = [
  { globPattern: "**/*.{yaml,yml}" },
  { globPattern: "**/*.{tpl,json}" },
  { globPattern: "**/templates/**" },
  { globPattern: "**/*", kind: WatchKind.Delete },
];
/** Directory depth limit: protects against symlink loops and pathological trees. */
const MAX_DEPTH = 32;
/** How long parsing one file may hold the event loop before it lets requests through (ms). */
const SLICE_MS = 20;

export interface ScanResult {
  readonly files: number;
  readonly skipped: readonly string[];
}

export function registerWorkspaceFiles(ctx: ServerContext, folders: readonly WorkspaceFolder[], dynamicWatch: boolean): Disposable {
  const disposables: Disposable[] = [];
  let stopped = false;

  disposables.push(
    ctx.connection.onDidChangeWatchedFiles((params) =>
      guard(ctx.logger, "file change", async () => {
        let changed = false;
        for (const change of params.changes) renderedAgain(ctx, change.uri);
        for (const change of params.changes) {
          if (isConfigUri(change.uri)) {
            ctx.state.repoConfigs.changed();
            changed = true;
          }
          if (!YAML_RE.test(change.uri)) continue;
          if (change.type === FileChangeType.Deleted) changed = ctx.documents.removeDiskFile(change.uri) || changed;
          else {
            const text = await readIfSmall(ctx, change.uri);
            changed =
              (text === undefined ? ctx.documents.removeDiskFile(change.uri) : ctx.documents.setDiskFile(change.uri, text)) || changed;
          }
        }
        if (changed) ctx.revalidate();
      }),
    ),
  );

  if (dynamicWatch) {
    ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS }).then(
      (d) => (stopped ? d.dispose() : disposables.push(d)),
      (e: unknown) => ctx.logger.warn(`kube-rbac: could not watch files: ${String(e)}`),
    );
  }

  void scan(ctx, folders, () => stopped).then(
    (result) => {
      if (stopped) return;
      ctx.logger.info(
        `kube-rbac: indexed ${result.files} YAML file(s) of the workspace${result.skipped.length ? `; skipped ${result.skipped.length} too large` : ""}`,
      );
      ctx.revalidate();
      void ctx.connection.sendNotification(WorkspaceScannedNotification, { files: result.files, skipped: [...result.skipped] });
    },
    (e: unknown) => ctx.logger.error("kube-rbac: workspace scan failed", e),
  );

  return Disposable.create(() => {
    stopped = true;
    for (const d of disposables) d.dispose();
  });
}

/** A file of a chart or kustomization changed on disk: it is rendered again (render-scheduler.ts). */
function renderedAgain(ctx: ServerContext, uri: string): void {
  if (!ctx.renders || !uri.startsWith("file:")) return;
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return;
  }
  if (file.split(path.sep).some((part) => SKIP_DIRS.has(part))) return;
  ctx.renders.changedOnDisk(file);
}

async function readIfSmall(ctx: ServerContext, uri: string): Promise<string | undefined> {
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  try {
    const st = await fs.promises.stat(file);
    if (!st.isFile()) return undefined;
    if (st.size > ctx.state.settings.maxFileSize) {
      ctx.logger.warn(
        `kube-rbac: ${file} is ${formatSize(st.size)}, over the kubeRbac.maxFileSize limit of ${formatSize(ctx.state.settings.maxFileSize)}: not analysed`,
      );
      return undefined;
    }
    return await fs.promises.readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

async function scan(ctx: ServerContext, folders: readonly WorkspaceFolder[], stopped: () => boolean): Promise<ScanResult> {
  let files = 0;
  const skipped: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || stopped()) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (stopped()) return;
      const full = path.join(dir, e.name);
      // Symbolic links are followed (the depth limit stops loops).
      const st = e.isSymbolicLink() ? await fs.promises.stat(full).catch(() => undefined) : e;
      if (!st) continue;
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await visit(full, depth + 1);
      } else if (st.isFile() && YAML_RE.test(e.name)) {
        const uri = pathToFileURL(full).toString();
        if (ctx.documents.isOpen(uri)) continue;
        const text = await readIfSmall(ctx, uri);
        if (text === undefined) {
          skipped.push(uri);
          continue;
        }
        files++;
        try {
          // A large file is parsed in slices; pending requests run between slices and between files.
          const steps = ctx.documents.setDiskFileSteps(uri, text);
          let sliceStart = Date.now();
          for (let r = steps.next(); !r.done; r = steps.next()) {
            if (Date.now() - sliceStart < SLICE_MS) continue;
            await new Promise<void>((resolve) => setImmediate(resolve));
            sliceStart = Date.now();
          }
        } catch (err) {
          ctx.logger.error(`kube-rbac: could not index ${full}`, err);
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  };
  for (const f of folders) {
    try {
      await visit(fileURLToPath(f.uri), 0);
    } catch (e) {
      ctx.logger.error(`kube-rbac: could not scan ${f.uri}`, e);
    }
  }
  return { files, skipped };
}
