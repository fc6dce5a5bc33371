// The command line's launcher: the bundle runs as a CommonJS module (require, module.exports, __dirname)
// whether its V8 code cache is missing, used, damaged or turned off, and the cache is
// written once per bundle, Node and command.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cacheDir } from "../../cli/launcher";

const LAUNCHER = path.resolve(__dirname, "../../cli/launcher.js");

const BUNDLE = `"use strict";
const path = require("node:path");
const os = require("node:os");
module.exports.ready = true;
Promise.resolve().then(() => {
  process.stdout.write(JSON.stringify({ dir: path.basename(__dirname), file: path.basename(__filename), exportsSet: module.exports.ready, eol: os.EOL === "\\n", args: process.argv.slice(2) }) + "\\n");
});
`;

describe("cli launcher (code cache)", () => {
  let dir: string;
  let bundle: string;
  let env: NodeJS.ProcessEnv;
  const files = () => fs.readdirSync(path.join(dir, "cache")).filter((f) => f.endsWith(".v8cache"));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-launcher-"));
    fs.mkdirSync(path.join(dir, "dist"));
    bundle = path.join(dir, "dist", "cli.js");
    fs.writeFileSync(bundle, BUNDLE);
    env = { KUBE_RBAC_CACHE_DIR: path.join(dir, "cache"), KUBE_RBAC_COMPILE_CACHE: "" };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expected = { dir: "dist", file: "cli.js", exportsSet: true, eol: true, args: ["x"] };

  /** Launches the bundle in a fresh process: what the bundle printed, and what became of the cache. */
  const launched = (command = "who-can", extra: NodeJS.ProcessEnv = {}) => {
    const out = execFileSync(process.execPath, ["-e", runScript(bundle, command), command, "x"], {
      env: { ...process.env, ...env, ...extra },
      encoding: "utf8",
    });
    const [printed, cache] = out.split("\n");
    return { output: JSON.parse(printed) as unknown, cache };
  };

  it("runs the bundle as a module, writes the cache on the first run and uses it after", () => {
    assert.throws(() => files());
    const first = launched();
    assert.deepEqual(first.output, expected);
    assert.equal(first.cache, "written");
    assert.equal(files().length, 1);
    assert.match(files()[0], /^cli-[0-9a-f]{24}-who-can\.v8cache$/);
    const second = launched();
    assert.deepEqual(second.output, expected);
    assert.equal(second.cache, "used");
    assert.equal(files().length, 1);
  });

  it("keeps one cache per command, and one for every other word", () => {
    for (const c of ["who-can", "can-i", "help", "version"]) launched(c);
    assert.deepEqual(
      files()
        .map((f) => f.replace(/^cli-[0-9a-f]+-/, ""))
        .sort(),
      ["can-i.v8cache", "other.v8cache", "who-can.v8cache"],
    );
  });

  it("compiles again over a damaged cache, and replaces it", () => {
    launched();
    const file = path.join(dir, "cache", files()[0]);
    fs.writeFileSync(file, Buffer.from("not a V8 code cache at all"));
    const out = launched();
    assert.deepEqual(out.output, expected);
    assert.equal(out.cache, "written");
    assert.notEqual(fs.readFileSync(file).toString("utf8"), "not a V8 code cache at all");
  });

  it("takes a changed bundle for a new one", () => {
    launched();
    fs.writeFileSync(bundle, BUNDLE + "\n// changed\n");
    const out = launched();
    assert.equal(out.cache, "written");
    assert.equal(files().length, 2);
  });

  it("writes nothing when turned off, and still runs the bundle", () => {
    const out = launched("who-can", { KUBE_RBAC_COMPILE_CACHE: "off" });
    assert.deepEqual(out.output, expected);
    assert.equal(out.cache, "off");
    assert.equal(fs.existsSync(path.join(dir, "cache")), false);
  });

  it("still runs the bundle when the cache folder cannot be written", () => {
    fs.writeFileSync(path.join(dir, "cache"), "a file where the folder should be");
    const out = launched();
    assert.deepEqual(out.output, expected);
    assert.equal(out.cache, "written");
  });

  it("runs the built command line, whose bundle has no import() (it would fail when read from the cache)", () => {
    const dist = path.resolve(__dirname, "../../../dist");
    assert.equal(/\bimport\(/.test(fs.readFileSync(path.join(dist, "cli.js"), "utf8")), false);
    const bin = path.resolve(__dirname, "../../../bin/kube-rbac.js");
    for (const expect of ["written", "used"]) {
      const out = execFileSync(process.execPath, [bin, "help"], { env: { ...process.env, ...env }, encoding: "utf8" });
      assert.match(out, /^kube-rbac: check and query Kubernetes RBAC\n/);
      assert.equal(files().length, 1, expect);
    }
  });

  it("finds the cache folder like other tools (XDG_CACHE_HOME, then ~/.cache)", () => {
    assert.equal(cacheDir({ KUBE_RBAC_CACHE_DIR: "/c" }), "/c");
    assert.equal(cacheDir({ XDG_CACHE_HOME: "/x" }), path.join("/x", "kube-rbac"));
    assert.equal(cacheDir({}), path.join(os.homedir(), ".cache", "kube-rbac"));
    assert.equal(cacheDir({ KUBE_RBAC_COMPILE_CACHE: "off", KUBE_RBAC_CACHE_DIR: "/c" }), undefined);
  });
});

/** A node -e script that launches the bundle and prints the cache outcome as it exits, after the bundle's own line. */
function runScript(bundle: string, command = "who-can"): string {
  return `const r = require(${JSON.stringify(LAUNCHER)}).launch(${JSON.stringify(bundle)}, ${JSON.stringify(command)}); process.once("exit", () => process.stdout.write(r.cache + "\\n"));`;
}
