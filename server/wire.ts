// How the server's messages go on the wire. Diagnostics are the big ones: a file of thousands of
// documents has thousands of them, and LSP re-sends all of a file's diagnostics after every edit. Their
// JSON is therefore kept per diagnostic object (the validator keeps a chunk's diagnostic objects for as
// long as the chunk is unchanged, see server/features/diagnostics/conversion.ts), so an edit encodes the diagnostics of the
// chunks it changed and copies the rest. All JSON is written as ASCII, other characters as `\u` escapes:
// a client decodes and parses ASCII about twice as fast as the same text in UTF-8 (a JavaScript string
// of one-byte characters instead of two-byte ones).
import {
  ContentTypeEncoder,
  Message,
  NotificationMessage,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";

/**
 * JSON of each diagnostic object already sent. Diagnostic objects must not be changed once published
 * (the validator builds new ones for every change).
 */
const encoded = new WeakMap<object, Buffer>();

const NON_ASCII = /[\u007f-\uffff]/g;

/** JSON.stringify, with every character outside printable ASCII as a `\uXXXX` escape (still the same JSON value). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const COMMA = Buffer.from(",");

/** A publishDiagnostics notification with nothing but the fields of its params, which can be encoded piece by piece. */
function isPlainPublish(
  msg: Message,
): msg is NotificationMessage & { params: { uri: string; version?: number | null; diagnostics: readonly object[] } } {
  if (!Message.isNotification(msg) || msg.method !== PublishDiagnosticsNotification.method) return false;
  for (const k of Object.keys(msg)) if (k !== "jsonrpc" && k !== "method" && k !== "params") return false;
  const params = msg.params as Record<string, unknown> | undefined;
  if (typeof params !== "object" || params === null || !Array.isArray(params.diagnostics) || typeof params.uri !== "string") return false;
  for (const k of Object.keys(params)) if (k !== "uri" && k !== "version" && k !== "diagnostics") return false;
  return (params.diagnostics as unknown[]).every((d) => typeof d === "object" && d !== null);
}

/** The message's JSON, in ASCII (so also UTF-8); the same value as JSON.stringify gives. */
export function encodeMessage(msg: Message): Buffer {
  if (!isPlainPublish(msg)) return Buffer.from(asciiJson(msg), "latin1");
  const { uri, version, diagnostics } = msg.params;
  const head = { jsonrpc: msg.jsonrpc, method: msg.method, params: version === undefined ? { uri } : { uri, version } };
  // `{"jsonrpc":…,"params":{"uri":…}}` → `{"jsonrpc":…,"params":{"uri":…,"diagnostics":[` … `]}}`
  const open = asciiJson(head);
  const parts: Buffer[] = [Buffer.from(`${open.slice(0, -2)},"diagnostics":[`, "latin1")];
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i];
    let json = encoded.get(d);
    if (!json) encoded.set(d, (json = Buffer.from(asciiJson(d), "latin1")));
    if (i > 0) parts.push(COMMA);
    parts.push(json);
  }
  parts.push(Buffer.from("]}}", "latin1"));
  return Buffer.concat(parts);
}

export const serverEncoder: ContentTypeEncoder = {
  name: "application/json",
  encode(msg) {
    try {
      return Promise.resolve(encodeMessage(msg));
    } catch (e) {
      return Promise.reject(e);
    }
  },
};

/** The writer the server uses on a stream (stdio, and the tests' in-memory streams). */
export function serverMessageWriter(stream: NodeJS.WritableStream): StreamMessageWriter {
  return new StreamMessageWriter(stream, { charset: "utf-8", contentTypeEncoder: serverEncoder });
}

/** A reader that notes whether the client asked the server to shut down (for the exit code when the stream ends). */
export class ServerMessageReader extends StreamMessageReader {
  shutdownRequested = false;

  override listen(callback: (msg: Message) => void) {
    return super.listen((msg) => {
      if (Message.isRequest(msg) && msg.method === "shutdown") this.shutdownRequested = true;
      callback(msg);
    });
  }
}
