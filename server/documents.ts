// What the server knows about files: open documents (the editor's text) take precedence over the
// workspace files read from disk. Files are read by the check pipeline (chunked and cached), and every
// parse of an open or workspace file updates the workspace model, so completion, navigation and checks
// see the whole workspace. Settings and catalog are the server state's (server/server-state.ts).
import { TextDocumentContentChangeEvent, TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CheckService, customResourcesOfFile, publishFile } from "../core/service/check-service";
import { ChunkedFile, Unchanged } from "../core/service/chunked-parse";
import { WorkspaceModel } from "../core/service/workspace";
import { ServerState } from "./server-state";

export class Documents {
  readonly open = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => this.update(doc, changes, version),
  });
  readonly workspace = new WorkspaceModel();

  constructor(
    private readonly state: ServerState,
    private readonly checks: CheckService,
  ) {}

  private readonly disk = new Map<string, TextDocument>();
  private readonly parsed = new Map<string, ChunkedFile>();
  private readonly synced = new Map<string, ChunkedFile>();
  /**
   * Per open document, from its change events: how much of the start and end of its text is still that of
   * the last text parsed while it was current (so a parse after an edit need not compare the kept chunks).
   */
  private readonly unchanged = new Map<string, { base: string; prefix: number; suffix: number }>();

  /** Applies the editor's changes (as TextDocuments would), noting the parts of the text they left alone. */
  private update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let u = this.unchanged.get(doc.uri);
    for (const change of changes) {
      if (u && TextDocumentContentChangeEvent.isIncremental(change)) {
        const a = doc.offsetAt(change.range.start);
        const b = doc.offsetAt(change.range.end);
        u.prefix = Math.min(u.prefix, a, b);
        u.suffix = Math.min(u.suffix, doc.getText().length - Math.max(a, b));
      } else if (u) {
        // The whole text replaced: nothing known until the next parse (which compares the texts).
        this.unchanged.delete(doc.uri);
        u = undefined;
      }
      // One change at a time, so each one's offsets are read in the text it applies to.
      doc = TextDocument.update(doc, [change], version);
    }
    return doc;
  }

  /** A parse of `text` is done: when that is the open document's text now, the changes that follow are relative to it. */
  private noteParsed(uri: string, text: string): void {
    if (this.open.get(uri)?.getText() === text) this.unchanged.set(uri, { base: text, prefix: Infinity, suffix: Infinity });
  }

  /** What the editor's changes tell about the document's text since a parse (for the open document only). */
  private unchangedOf(uri: string): Unchanged | undefined {
    const u = this.open.get(uri) ? this.unchanged.get(uri) : undefined;
    return u && { ...u };
  }

  /** The text document for a URI: the editor's if open, else the workspace file's. */
  get(uri: string): TextDocument | undefined {
    return this.open.get(uri) ?? this.disk.get(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.get(uri) !== undefined;
  }

  /** True when the document is too big to analyse. */
  tooLarge(doc: TextDocument): boolean {
    return doc.getText().length > this.state.settings.maxFileSize;
  }

  /** The chunked parse of the current text (cached while the text is unchanged); undefined if unknown or too large. */
  parse(uri: string): ChunkedFile | undefined {
    const doc = this.get(uri);
    if (!doc || this.tooLarge(doc)) return undefined;
    const text = doc.getText();
    const last = this.parsed.get(uri);
    if (last && last.text === text) return last;
    const file = this.checks.parse(text, uri, this.unchangedOf(uri));
    this.parsed.set(uri, file);
    this.noteParsed(uri, text);
    return file;
  }

  /** The last parse of the document, without parsing (undefined when there is none). */
  lastParse(uri: string): ChunkedFile | undefined {
    return this.parsed.get(uri);
  }

  /** `parse`, as steps that yield after every chunk parsed (for slicing the first parse of a huge file). */
  *parseSteps(uri: string): Generator<number, ChunkedFile | undefined, void> {
    const doc = this.get(uri);
    if (!doc || this.tooLarge(doc)) return undefined;
    const text = doc.getText();
    const last = this.parsed.get(uri);
    if (last && last.text === text) return last;
    const file = yield* this.checks.parseSteps(text, uri, this.unchangedOf(uri));
    // A request may have parsed a newer text meanwhile: keep whichever matches the document now.
    if (this.get(uri)?.getText() === text) this.parsed.set(uri, file);
    this.noteParsed(uri, text);
    return file;
  }

  /**
   * Parse and publish the file's objects to the workspace model. Returns true when the set of known roles /
   * service accounts, or of the workspace's CustomResourceDefinitions, changed.
   */
  sync(uri: string): boolean {
    const file = this.parse(uri);
    if (file && this.synced.get(uri) === file) return false;
    const before = this.workspace.shape;
    if (file) this.synced.set(uri, file);
    else this.synced.delete(uri);
    // Chunk by chunk: only the chunks an edit changed leave and enter the index.
    publishFile(this.workspace, uri, file);
    const crdsChanged = this.state.setWorkspaceResources(uri, file ? customResourcesOfFile(file) : []);
    return this.workspace.shape !== before || crdsChanged;
  }

  /** A workspace file read from disk (or re-read after a change). */
  setDiskFile(uri: string, text: string): boolean {
    this.disk.set(uri, TextDocument.create(uri, "yaml", 0, text));
    if (this.isOpen(uri)) return false;
    const changed = this.sync(uri);
    this.dropIfIrrelevant(uri);
    return changed;
  }

  /** `setDiskFile` as steps (the parse yields after every chunk), for the workspace scan. */
  *setDiskFileSteps(uri: string, text: string): Generator<number, boolean, void> {
    this.disk.set(uri, TextDocument.create(uri, "yaml", 0, text));
    if (this.isOpen(uri)) return false;
    yield* this.parseSteps(uri);
    // Opened in the editor meanwhile: the editor's text counts, and its own check syncs it.
    if (this.isOpen(uri)) return false;
    const changed = this.sync(uri);
    this.dropIfIrrelevant(uri);
    return changed;
  }

  removeDiskFile(uri: string): boolean {
    this.disk.delete(uri);
    if (this.isOpen(uri)) return false;
    return this.forget(uri);
  }

  /** After a document closes, the workspace file (if any) is what counts again. */
  closed(uri: string): boolean {
    this.unchanged.delete(uri);
    if (this.disk.has(uri)) {
      const changed = this.sync(uri);
      this.dropIfIrrelevant(uri);
      return changed;
    }
    return this.forget(uri);
  }

  private forget(uri: string): boolean {
    const before = this.workspace.shape;
    const crdsChanged = this.state.setWorkspaceResources(uri, []);
    this.workspace.removeFile(uri);
    this.parsed.delete(uri);
    this.synced.delete(uri);
    this.checks.forgetFile(uri);
    return this.workspace.shape !== before || crdsChanged;
  }

  /** Workspace files without RBAC content keep no text, AST or cache in memory. */
  private dropIfIrrelevant(uri: string): void {
    if (this.workspace.hasFile(uri)) return;
    this.disk.delete(uri);
    this.parsed.delete(uri);
    this.synced.delete(uri);
    this.checks.forgetFile(uri);
  }

  /** The parse of the current text, with the workspace model brought up to date with it first (for requests). */
  current(uri: string): ChunkedFile | undefined {
    this.sync(uri);
    return this.parse(uri);
  }
}
