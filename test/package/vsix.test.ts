// `npm run package` makes a .vsix holding only what the installed extension needs, within a size budget,
// with a README whose images work in the Marketplace and in the editor (absolute addresses).
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPOSITORY_URL } from "../../core/checks";
import { REPO_ROOT } from "../support/corpus";
import { zipEntries, zipRead } from "../support/zip";

/** The .vsix may not grow past this without a reason (it is 0.7 MB: the bundles, compressed). */
const VSIX_BUDGET = 1024 * 1024;
/** Uncompressed, what the extension takes on disk once installed. */
const INSTALLED_BUDGET = 6 * 1024 * 1024;

describe("the .vsix package", function () {
  this.timeout(180_000);
  let dir: string;
  let vsix: Buffer;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-vsix-"));
    const out = path.join(dir, "kube-rbac.vsix");
    execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "package.mjs"), "--out", out], { cwd: REPO_ROOT, stdio: "pipe" });
    vsix = fs.readFileSync(out);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("holds exactly the files the installed extension needs", () => {
    const names = zipEntries(vsix)
      .map((e) => e.name)
      .sort();
    const pages = ["checks", "walkthrough"].flatMap((d) =>
      fs.readdirSync(path.join(REPO_ROOT, "docs", d)).map((f) => `extension/docs/${d}/${f}`),
    );
    const examples = (fs.readdirSync(path.join(REPO_ROOT, "examples", "workspace"), { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(REPO_ROOT, "examples", "workspace", f)).isFile())
      .map((f) => `extension/examples/workspace/${f.split(path.sep).join("/")}`);
    assert.deepEqual(
      names,
      [
        "[Content_Types].xml",
        "extension.vsixmanifest",
        "extension/LICENSE.txt",
        "extension/changelog.md",
        "extension/dist/client.js",
        "extension/dist/server.js",
        ...pages,
        "extension/docs/images/activity-bar.svg",
        "extension/docs/images/icon.png",
        "extension/examples/cluster-snapshot.yaml",
        ...examples,
        "extension/package.json",
        "extension/readme.md",
        "extension/schemas/kube-rbac-config.schema.json",
        "extension/syntaxes/rbac.injection.tmLanguage.json",
      ].sort(),
    );
  });

  it("stays within its size budget", () => {
    assert.ok(vsix.length <= VSIX_BUDGET, `the .vsix is ${vsix.length} bytes, over its budget of ${VSIX_BUDGET}`);
    const installed = zipEntries(vsix).reduce((n, e) => n + e.size, 0);
    assert.ok(installed <= INSTALLED_BUDGET, `the installed extension is ${installed} bytes, over its budget of ${INSTALLED_BUDGET}`);
  });

  it("has a README whose links and images are absolute, and a manifest naming the repository", () => {
    const entries = zipEntries(vsix);
    const readme = zipRead(
      vsix,
      entries.find((e) => e.name === "extension/readme.md")!,
    ).toString("utf8");
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    const source = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const relative = [...source.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(relative.length >= 3 && relative.every((i) => i.startsWith("docs/images/")), relative.join(" "));
    assert.deepEqual(
      images,
      relative.map((i) => `https://github.com/kube-rbac/kube-rbac/raw/HEAD/${i}`),
    );
    const links = [...readme.matchAll(/[^!]\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 0);
    for (const l of links) assert.match(l, /^(https:\/\/|#)/, `relative link in the packaged README: ${l}`);
    const manifest = JSON.parse(
      zipRead(
        vsix,
        entries.find((e) => e.name === "extension/package.json")!,
      ).toString("utf8"),
    );
    assert.deepEqual(
      [manifest.repository, manifest.homepage, manifest.bugs, manifest.license],
      [
        { type: "git", url: "https://github.com/kube-rbac/kube-rbac.git" },
        "https://github.com/kube-rbac/kube-rbac#readme",
        { url: "https://github.com/kube-rbac/kube-rbac/issues" },
        "MIT",
      ],
    );
    assert.deepEqual(manifest.contributes.yamlValidation, [
      { fileMatch: [".kube-rbac.yaml"], url: "./schemas/kube-rbac-config.schema.json" },
    ]);
    // The documentation addresses in SARIF reports are on the same repository.
    assert.equal(manifest.repository.url, `${REPOSITORY_URL}.git`);
    const license = zipRead(
      vsix,
      entries.find((e) => e.name === "extension/LICENSE.txt")!,
    ).toString("utf8");
    assert.match(license, /^MIT License\n/);
  });
});
