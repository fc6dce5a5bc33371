// A temporary folder for one suite: made before it, removed after it (tests never write into the project).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface TempDir {
  /** The folder itself. */
  readonly dir: () => string;
  /** The path of `name` in the folder. */
  readonly file: (name: string) => string;
  /** Writes `name` in the folder and returns its path. */
  readonly write: (name: string, data: string | Uint8Array) => string;
}

/** Registers the suite's hooks: before it, a fresh folder named after `prefix`; after it, the folder removed. */
export function useTempDir(prefix: string): TempDir {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => path.join(dir, name);
  return {
    dir: () => dir,
    file,
    write: (name, data) => {
      fs.writeFileSync(file(name), data);
      return file(name);
    },
  };
}
