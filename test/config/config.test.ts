// Finding the repository configuration: the nearest .kube-rbac.yaml above a file, paths relative to it,
// and nothing but a file taken for one.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigFinder, loadConfigFile } from "../../config";

describe("configuration files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-config-files-"));
    fs.mkdirSync(path.join(dir, "a", "b", "c"), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds the nearest configuration above a file, and again after forget()", () => {
    fs.writeFileSync(path.join(dir, ".kube-rbac.yaml"), "disabledChecks: [wildcard]\n");
    const finder = new ConfigFinder();
    assert.equal(finder.forFile(path.join(dir, "a", "b", "c", "x.yaml"))?.file, path.join(dir, ".kube-rbac.yaml"));
    fs.writeFileSync(path.join(dir, "a", ".kube-rbac.yaml"), "disabledChecks: [pod-exec]\n");
    // Cached until told that a configuration file changed.
    assert.equal(finder.forFile(path.join(dir, "a", "b", "x.yaml"))?.file, path.join(dir, ".kube-rbac.yaml"));
    finder.forget();
    const nearest = finder.forFile(path.join(dir, "a", "b", "x.yaml"));
    assert.equal(nearest?.file, path.join(dir, "a", ".kube-rbac.yaml"));
    assert.deepEqual(nearest?.config.severity, { "pod-exec": "off" });
    assert.equal(finder.forFile(path.join(dir, "y.yaml"))?.file, path.join(dir, ".kube-rbac.yaml"));
  });

  it("resolves ignored paths and charts against the configuration's folder", () => {
    const file = path.join(dir, "a", ".kube-rbac.yaml");
    fs.writeFileSync(
      file,
      "ignore: [b/c/]\ncharts:\n  charts/web:\n    values: [values.yaml, ci/prod.yaml]\n    releaseName: web\n    namespace: shop\n",
    );
    const loaded = loadConfigFile(file);
    assert.equal(loaded.isIgnored(path.join(dir, "a", "b", "c", "x.yaml")), true);
    assert.equal(loaded.isIgnored(path.join(dir, "a", "b", "x.yaml")), false);
    assert.equal(loaded.isIgnored(path.join(dir, "b", "c", "x.yaml")), false);
    assert.deepEqual(loaded.charts(), [
      {
        dir: path.join(dir, "a", "charts", "web"),
        values: [path.join(dir, "a", "charts", "web", "values.yaml"), path.join(dir, "a", "charts", "web", "ci", "prod.yaml")],
        releaseName: "web",
        namespace: "shop",
      },
    ]);
    assert.deepEqual(loaded.problems, []);
  });

  it("takes a folder named like the configuration for none, and searches on upwards", () => {
    fs.mkdirSync(path.join(dir, "a", ".kube-rbac.yaml", "sub"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".kube-rbac.yaml"), "{}\n");
    assert.equal(new ConfigFinder().forFile(path.join(dir, "a", "x.yaml"))?.file, path.join(dir, ".kube-rbac.yaml"));
  });
});
