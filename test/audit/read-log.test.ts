import { strict as assert } from "node:assert";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import * as fc from "fast-check";
import { AuditLogError, emptyReport, readAuditLogs, readAuditStream } from "../../audit/read-log";
import { AuditRequest } from "../../core/audit/event";
import { AuditUsage } from "../../core/audit/usage";
import { auditEvent } from "../core/audit/events";
import { useTempDir } from "../support/temp-dir";

const line = (f: Parameters<typeof auditEvent>[0] = {}) => JSON.stringify(auditEvent(f)) + "\n";

describe("audit/read-log", () => {
  const tmp = useTempDir("kube-rbac-audit-");
  const write = tmp.write;

  async function readAll(files: string[], options = {}) {
    const events: AuditRequest[] = [];
    const report = await readAuditLogs(files, (e) => events.push(e), options);
    return { events, report };
  }

  it("reads JSON lines, plain and gzip (by magic bytes, whatever the name), in order", async () => {
    const text = line({ auditID: "1" }) + line({ auditID: "2" }) + "\r\n" + line({ auditID: "3" }).replace("\n", "\r\n");
    const plain = write("audit.log", text);
    const zipped = write("audit-rotated.log", gzipSync(line({ auditID: "4" }) + line({ auditID: "5" })));
    const { events, report } = await readAll([plain, zipped]);
    assert.deepEqual(
      events.map((e) => e.auditID),
      ["1", "2", "3", "4", "5"],
    );
    assert.deepEqual(report, { lines: 6, events: 5, malformed: 0, examples: [], problems: [] });
  });

  it("counts malformed lines, quotes the first ones with their line numbers, and reads on", async () => {
    const file = write(
      "bad.log",
      ["{not json", "[]", JSON.stringify({ kind: "Pod" }), line({ auditID: "ok" }).trim(), "\u0000\u0001"].join("\n"),
    );
    const { events, report } = await readAll([file]);
    assert.deepEqual(
      events.map((e) => e.auditID),
      ["ok"],
    );
    assert.equal(report.malformed, 4);
    assert.deepEqual(report.examples, [
      `${file}:1: not JSON`,
      `${file}:2: not a JSON object`,
      `${file}:3: kind "Pod" is not Event`,
      `${file}:5: not JSON`,
    ]);
  });

  it("skips a line longer than the limit without holding it, and reads the next", async () => {
    const long = JSON.stringify({ ...auditEvent({ auditID: "big" }), padding: "x".repeat(5000) });
    const file = write("long.log", line({ auditID: "a" }) + long + "\n" + line({ auditID: "b" }) + long);
    const { events, report } = await readAll([file], { maxLineBytes: 2000 });
    assert.deepEqual(
      events.map((e) => e.auditID),
      ["a", "b"],
    );
    assert.equal(report.malformed, 2);
    assert.match(report.examples[0], /long\.log:2: line longer than 2000 bytes/);
    assert.match(report.examples[1], /long\.log:4: line longer than 2000 bytes/);
  });

  it("passes the caller's own failure back unchanged", async () => {
    const failure = new Error("caller");
    const file = write("one.log", line());
    await assert.rejects(
      readAuditLogs([file], () => {
        throw failure;
      }),
      (e) => e === failure,
    );
  });

  it("reads the items of an EventList line", async () => {
    const list = { kind: "EventList", apiVersion: "audit.k8s.io/v1", items: [auditEvent({ auditID: "x" }), auditEvent({ auditID: "y" })] };
    const { events } = await readAll([write("list.log", JSON.stringify(list))]);
    assert.deepEqual(
      events.map((e) => e.auditID),
      ["x", "y"],
    );
  });

  it("keeps what a truncated gzip held before the break, with a problem noted", async () => {
    const zipped = gzipSync(Array.from({ length: 200 }, (_, i) => line({ auditID: `t${i}` })).join(""));
    const file = write("truncated.log.gz", zipped.subarray(0, zipped.length - 40));
    const { events, report } = await readAll([file]);
    assert.ok(events.length > 0 && events.length < 200, `${events.length} events`);
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0], /truncated\.log\.gz: stopped reading: /);
  });

  it("refuses a missing file or a folder with a clear message", async () => {
    await assert.rejects(readAll([tmp.file("nope.log")]), (e: Error) => e instanceof AuditLogError && /nope\.log: ENOENT/.test(e.message));
    await assert.rejects(readAll([tmp.dir()]), (e: Error) => e instanceof AuditLogError && /it is a folder/.test(e.message));
  });

  it("reads standard input for -, gzip arriving a byte at a time too", async () => {
    const bytes = gzipSync(line({ auditID: "s1" }) + line({ auditID: "s2" }));
    const stdin = Readable.from(
      (function* () {
        for (const b of bytes) yield Buffer.from([b]);
      })(),
    );
    const { events } = await readAll(["-"], { stdin });
    assert.deepEqual(
      events.map((e) => e.auditID),
      ["s1", "s2"],
    );
  });

  it("never throws on arbitrary bytes or on events with fields of any type", async () => {
    const field = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string(), fc.array(fc.string()), fc.object());
    const keys = [
      "auditID",
      "stage",
      "verb",
      "user",
      "impersonatedUser",
      "objectRef",
      "requestURI",
      "responseStatus",
      "annotations",
      "kind",
    ];
    const mangled = fc
      .record(Object.fromEntries(keys.map((k) => [k, field])), { requiredKeys: [] })
      .map((m) => ({ ...auditEvent(), ...m }));
    const text = fc
      .array(
        fc.oneof(
          fc.string(),
          mangled.map((e) => JSON.stringify(e)),
        ),
        { maxLength: 8 },
      )
      .map((l) => l.join("\n"));
    const bytes = fc.oneof(
      text.map((t) => Buffer.from(t)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.boolean(), async (data, zip) => {
        const report = emptyReport();
        const usage = new AuditUsage();
        await readAuditStream(Readable.from([zip ? gzipSync(data) : data]), "fuzz", (e) => usage.add(e), report, { maxLineBytes: 200 });
        // The reader turns failures into problems: with whole data, none may come from reading the events.
        assert.deepEqual(report.problems, []);
        assert.ok(report.malformed <= report.lines);
        assert.equal(usage.stats.events, report.events);
      }),
      { numRuns: 300 },
    );
  });

  it("streams 200,000 generated events through the aggregator in less memory than the log's size", async function () {
    this.timeout(300000);
    const total = 200_000;
    let bytes = 0;
    function* generate() {
      for (let i = 0; i < total; i += 1000) {
        let chunk = "";
        for (let j = i; j < i + 1000; j++) {
          const stage = j % 2 === 0 ? "RequestReceived" : "ResponseComplete";
          const id = `req-${Math.floor(j / 2)}`;
          chunk += line({ auditID: id, stage, verb: "get", ref: { resource: "secrets", namespace: `ns-${j % 7}`, name: `s-${j % 13}` } });
        }
        bytes += chunk.length;
        yield chunk;
      }
    }
    const usage = new AuditUsage();
    const report = emptyReport();
    const start = process.memoryUsage().heapUsed;
    let peak = 0;
    await readAuditStream(
      Readable.from(generate()),
      "generated",
      (e) => {
        usage.add(e);
        if (report.events % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - start);
      },
      report,
    );
    assert.equal(report.events, total);
    assert.deepEqual(usage.stats, {
      events: total,
      requests: total / 2,
      repeatedStages: total / 2,
      unauthenticated: 0,
      allowed: 0,
      denied: 0,
    });
    assert.equal(usage.openRequests, 0);
    // Request k has stages 2k and 2k+1: it is logged with namespace ns-(2k mod 7) and name s-(2k mod 13).
    assert.equal(usage.entries().length, 7 * 13);
    // Holding the lines alone would take the log's size; their parsed events several times more.
    assert.ok(peak < bytes, `heap grew by ${peak} bytes while reading ${bytes} bytes`);
  });
});
