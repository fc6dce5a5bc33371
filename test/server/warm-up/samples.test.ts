// The warm-up's fixtures (server/warm-up/samples.yaml) and the sample files built from them.
import { strict as assert } from "node:assert";
import samplesText from "../../../server/warm-up/samples-text";
import { readSamples, sampleFile } from "../../../server/warm-up/samples";

describe("server: warm-up samples", () => {
  it("reads every fixture of samples.yaml by its name", () => {
    const samples = readSamples(samplesText);
    assert.deepEqual([...samples.keys()].sort(), [
      "0",
      "1",
      "10",
      "11",
      "14a",
      "14b",
      "15a",
      "15b",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
    ]);
    for (const [name, text] of samples) assert.match(text, /^apiVersion: /, name);
  });

  it("fills in every placeholder, numbering each copy", () => {
    const file = sampleFile(96, 32);
    assert.doesNotMatch(file, /\$\{/);
    assert.match(
      file,
      /^---\n# document 96\napiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: Role\nmetadata:\n {2}name: reader-96\n {2}namespace: team-5\n/,
    );
    assert.match(file, /kind: Role\n {2}name: reader-96\n/);
    assert.equal(file.split(/^---\n/m).length - 1, 32);
  });
});
