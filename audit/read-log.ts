// Reading Kubernetes audit logs as a stream: the log backend's JSON lines (one `audit.k8s.io/v1` Event per
// line; a line holding an EventList, as a webhook receives them, is read item by item), plain or gzip
// (recognised by its magic bytes, whatever the file is called). Memory stays bounded whatever the size:
// one line at a time, and a line longer than `maxLineBytes` is skipped and counted as malformed. Nothing in
// a log can crash the reader: unreadable lines are counted (the first few quoted with their line number),
// and a file that breaks off (truncated gzip) keeps what was read before the break, with a problem noted.

import * as fs from "node:fs";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { AuditRequest, readAuditEvent } from "../core/audit/event";

export interface AuditLogReport {
  /** Lines read (blank ones included). */
  lines: number;
  /** Audit events read and handed on. */
  events: number;
  /** Lines (or EventList items) that are not audit events. */
  malformed: number;
  /** The first few malformed lines, as `FILE:LINE: reason`. */
  readonly examples: string[];
  /** Sources that broke off before their end, with why. */
  readonly problems: string[];
}

export interface ReadOptions {
  /** Longest line read; longer ones are skipped as malformed. Default 64 MiB. */
  readonly maxLineBytes?: number;
  /** What `-` reads. Default: the process's standard input. */
  readonly stdin?: Readable;
}

/** A log that cannot be opened at all. */
export class AuditLogError extends Error {}

const DEFAULT_MAX_LINE = 64 * 1024 * 1024;
const MAX_EXAMPLES = 5;

export function emptyReport(): AuditLogReport {
  return { lines: 0, events: 0, malformed: 0, examples: [], problems: [] };
}

/** Reads every source in order (a path, or `-` for standard input) and hands each event to `onEvent`. */
export async function readAuditLogs(
  sources: readonly string[],
  onEvent: (event: AuditRequest) => void,
  options: ReadOptions = {},
): Promise<AuditLogReport> {
  const report = emptyReport();
  for (const source of sources) {
    const stream = source === "-" ? (options.stdin ?? process.stdin) : await openFile(source);
    await readAuditStream(stream, source === "-" ? "(stdin)" : source, onEvent, report, options);
  }
  return report;
}

async function openFile(file: string): Promise<Readable> {
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory()) throw new AuditLogError(`cannot read audit log ${file}: it is a folder`);
    const stream = fs.createReadStream(file);
    await new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject));
    return stream;
  } catch (e) {
    if (e instanceof AuditLogError) throw e;
    throw new AuditLogError(`cannot read audit log ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Reads one stream of audit log bytes into `report`, handing each event to `onEvent`. */
export async function readAuditStream(
  source: AsyncIterable<Buffer | string>,
  name: string,
  onEvent: (event: AuditRequest) => void,
  report: AuditLogReport,
  options: ReadOptions = {},
): Promise<void> {
  const bad = (line: number, reason: string) => {
    report.malformed++;
    if (report.examples.length < MAX_EXAMPLES) report.examples.push(`${name}:${line}: ${reason}`);
  };
  const onLine = (text: string | undefined, line: number) => {
    report.lines++;
    if (text === undefined) return bad(line, `line longer than ${options.maxLineBytes ?? DEFAULT_MAX_LINE} bytes, skipped`);
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return bad(line, "not JSON");
    }
    for (const item of eventsIn(value)) {
      const reading = readAuditEvent(item);
      if (!reading.ok) bad(line, reading.reason);
      else {
        report.events++;
        try {
          onEvent(reading.event);
        } catch (e) {
          throw new CallerFailure(e);
        }
      }
    }
  };
  try {
    await splitLines(decompressed(source), options.maxLineBytes ?? DEFAULT_MAX_LINE, onLine);
  } catch (e) {
    // The caller's own failure is not a problem of the log: it goes back to the caller as it was.
    if (e instanceof CallerFailure) throw e.failure;
    report.problems.push(`${name}: stopped reading: ${(e as Error).message}`);
  }
}

class CallerFailure extends Error {
  constructor(readonly failure: unknown) {
    super("the caller failed");
  }
}

/** The events a JSON line holds: itself, or the items of an EventList. */
function eventsIn(value: unknown): unknown[] {
  if (typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "EventList") {
    const items = (value as { items?: unknown }).items;
    return Array.isArray(items) ? items : [];
  }
  return [value];
}

/** The bytes of `source`, gunzipped when they start with the gzip magic bytes (1f 8b). */
async function* decompressed(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await it.next();
    if (next.done) break;
    head = Buffer.concat([head, toBuffer(next.value)]);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (let next = await it.next(); !next.done; next = await it.next()) yield toBuffer(next.value);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* all();
    return;
  }
  const gunzip = createGunzip();
  const input = Readable.from(all());
  input.on("error", (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  for await (const chunk of gunzip) yield chunk as Buffer;
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
}

/**
 * Calls `onLine` with each line's text (without its end of line), or undefined for a line over `maxBytes`
 * (whose bytes are dropped as they arrive). Line numbers start at 1.
 */
async function splitLines(
  chunks: AsyncIterable<Buffer>,
  maxBytes: number,
  onLine: (text: string | undefined, line: number) => void,
): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let line = 0;
  const end = (tail: Buffer) => {
    line++;
    if (overlong || pendingBytes + tail.length > maxBytes) onLine(undefined, line);
    else onLine(Buffer.concat([...pending, tail]).toString("utf8"), line);
    pending = [];
    pendingBytes = 0;
    overlong = false;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      end(chunk.subarray(start, nl));
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0 || overlong) continue;
    if (pendingBytes + rest.length > maxBytes) {
      overlong = true;
      pending = [];
      pendingBytes = 0;
    } else {
      // A copy: the stream may reuse the chunk's memory.
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0 || overlong) end(Buffer.alloc(0));
}
