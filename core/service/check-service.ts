// The check pipeline: how a file's text becomes its findings, for every caller. `kube-rbac check` runs it
// once over the files it is given (checkTexts); the language server keeps it for the session, so an edit
// re-reads and re-checks only the chunks it touched; the what-if overlay reads files through it.
//
//   text --reader--> ChunkedFile --per-document checks, chunk by chunk (FindingsCache)--> perDocument
//                               \--file-level checks (FileLevelIndex)-----------------> fileLevel
//   perDocument + fileLevel --orderedFindings--> the findings, in the order `checkFile` gives them
//
// The reader is chosen per file (`readerFor`): YAML manifests by default; another source kind (rendered
// templates, patches) plugs in by giving a reader for its files, and the checks, caches, suppression and
// ordering stay the same for it.

import type { ApiCatalog, ApiResourceInfo } from "../catalog";
import { customResourcesOf, withCustomResources } from "../catalog/crds";
import { CheckContext, CheckSettings } from "../checks/context";
import { checkDocument } from "../checks/index";
import { mergeInOrder, ordered } from "../checks/support/order";
import { Finding } from "../model";
import { ParsedFile } from "../parse";
import { chunkChecker, chunkEpochs } from "./chunk-check";
import { ChunkedFile, ChunkedParser, Unchanged } from "./chunked-parse";
import { FileLevelIndex } from "./file-level";
import { ChunkChecker, FindingsCache } from "./findings-cache";
import { WorkspaceModel } from "./workspace";

/** Turns a file's text into documents, chunk by chunk. */
export interface ManifestReader {
  /**
   * Yields the number of chunks read so far; returns the file. `unchanged` (from an editor's change
   * events) tells which start and end of the text are those of the text read before.
   */
  parseSteps(text: string, file: string, unchanged?: Unchanged): Generator<number, ChunkedFile, void>;
  /** Drops what is kept of the file. */
  forget(file: string): void;
}

/** Everything a file's findings depend on besides its text. */
export interface CheckInputs {
  readonly catalog: ApiCatalog;
  readonly workspace: WorkspaceModel;
  readonly settings?: CheckSettings;
  /** Changes whenever the settings or the catalog change (cached findings are then checked again). */
  readonly version: string;
}

/** A file's findings as the pipeline computes them, before they are put in order. */
export interface FileFindings {
  /** Per chunk, its documents' findings (a chunk's list is the same array for as long as its findings are). */
  readonly perDocument: readonly (readonly Finding[])[];
  readonly fileLevel: readonly Finding[];
}

export class CheckService {
  private readonly yaml = new ChunkedParser();
  private readonly cache = new FindingsCache();
  private readonly fileLevel = new Map<string, FileLevelIndex>();
  private readonly readers = new Map<string, ManifestReader>();

  /** `readerFor`: the reader of a file, or undefined for the YAML reader. */
  constructor(private readonly readerFor: (file: string) => ManifestReader | undefined = () => undefined) {}

  private reader(file: string): ManifestReader {
    let reader = this.readers.get(file);
    if (!reader) this.readers.set(file, (reader = this.readerFor(file) ?? this.yaml));
    return reader;
  }

  parseSteps(text: string, file: string, unchanged?: Unchanged): Generator<number, ChunkedFile, void> {
    return this.reader(file).parseSteps(text, file, unchanged);
  }

  parse(text: string, file: string, unchanged?: Unchanged): ChunkedFile {
    return run(this.parseSteps(text, file, unchanged));
  }

  /** The per-document findings, chunk by chunk; yields after every chunk it had to check. */
  perDocumentSteps(file: ChunkedFile, inputs: CheckInputs): Generator<number, (readonly Finding[])[], void> {
    return this.cache.chunkSteps(file, chunkEpochs(file, inputs.version, file.templated, inputs.workspace.shape), chunkCheck(file, inputs));
  }

  /** Findings of the file-level checks, kept chunk by chunk (as checkFileLevel gives them). */
  fileLevelFindings(file: ChunkedFile, inputs: CheckInputs): Finding[] {
    let index = this.fileLevel.get(file.file);
    if (!index) this.fileLevel.set(file.file, (index = new FileLevelIndex()));
    return index.findings(file, checkContext(inputs));
  }

  /** Both, run to completion. */
  check(file: ChunkedFile, inputs: CheckInputs): FileFindings {
    const perDocument = run(this.perDocumentSteps(file, inputs));
    return { perDocument, fileLevel: this.fileLevelFindings(file, inputs) };
  }

  /** Drops what is kept of the file's last check (its parse stays with the reader: see forgetFile). */
  forgetFindings(file: string): void {
    this.cache.forget(file);
    this.fileLevel.delete(file);
  }

  /** Drops everything kept of the file. */
  forgetFile(file: string): void {
    this.forgetFindings(file);
    this.readers.get(file)?.forget(file);
    this.readers.delete(file);
  }
}

/** A file's findings in the order `checkFile` gives them (a stable sort by span, then code). */
export function orderedFindings(f: FileFindings): Finding[] {
  const perDocument: ReturnType<typeof ordered>[] = [];
  for (const list of f.perDocument) for (const x of list) perDocument.push(ordered(x));
  return mergeInOrder(perDocument, f.fileLevel.map(ordered));
}

/** Puts the file's objects in the workspace model (chunk by chunk), or takes them out when there is no file. */
export function publishFile(workspace: WorkspaceModel, uri: string, file: ChunkedFile | undefined): void {
  const pieces = file?.pieces();
  if (pieces && pieces.some((p) => p.objects.length > 0 || p.others.length > 0)) workspace.setFilePieces(uri, pieces);
  else workspace.removeFile(uri);
}

/** Per chunk parse: the resources of its CustomResourceDefinitions (an edit reads only the chunks it parsed again). */
const chunkResources = new WeakMap<ParsedFile, readonly ApiResourceInfo[]>();

/** The resources of every CustomResourceDefinition in the file. */
export function customResourcesOfFile(file: ChunkedFile): ApiResourceInfo[] {
  const out: ApiResourceInfo[] = [];
  for (const c of file.chunks) {
    let resources = chunkResources.get(c.parsed);
    if (!resources) chunkResources.set(c.parsed, (resources = c.parsed.documents.flatMap((d) => customResourcesOf(d.value))));
    for (const r of resources) out.push(r);
  }
  return out;
}

/** A file for checkTexts; `catalog` and `settings` (the repository configuration's) override the defaults for it. */
export interface TextToCheck {
  readonly file: string;
  readonly text: string;
  readonly catalog?: ApiCatalog;
  readonly settings?: CheckSettings;
}

/** `kube-rbac check`: the files checked once, as one workspace (roles of one file satisfy bindings of another). */
export function checkTexts(
  files: readonly TextToCheck[],
  catalog: ApiCatalog,
  readerFor?: (file: string) => ManifestReader | undefined,
): { file: ChunkedFile; findings: Finding[] }[] {
  const service = new CheckService(readerFor);
  const workspace = new WorkspaceModel();
  const read = files.map((f) => service.parse(f.text, f.file));
  for (const file of read) publishFile(workspace, file.file, file);
  // The files' CustomResourceDefinitions extend the catalog for all of them (and for each file's own catalog).
  const custom = read.flatMap(customResourcesOfFile);
  const extended = new Map<ApiCatalog, ApiCatalog>();
  const catalogOf = (c: ApiCatalog) => {
    let x = extended.get(c);
    if (!x) extended.set(c, (x = withCustomResources(c, custom)));
    return x;
  };
  return read.map((file, i) => {
    const inputs: CheckInputs = { catalog: catalogOf(files[i].catalog ?? catalog), workspace, settings: files[i].settings, version: "" };
    return { file, findings: orderedFindings(service.check(file, inputs)) };
  });
}

function run<T>(steps: Generator<number, T, void>): T {
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

function checkContext(inputs: CheckInputs): CheckContext {
  return { catalog: inputs.catalog, workspace: inputs.workspace, settings: inputs.settings };
}

function chunkCheck(file: ChunkedFile, inputs: CheckInputs): ChunkChecker {
  const ctx = checkContext(inputs);
  return chunkChecker(file, file.templated, (parsed, i) => checkDocument(parsed, i, ctx));
}
