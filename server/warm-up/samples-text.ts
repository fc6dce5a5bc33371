// The text of samples.yaml. The server's bundle carries the file itself (scripts/bundle.mjs puts it in
// place of this module); the build run by the tests reads it from the repository.
import * as fs from "node:fs";
import * as path from "node:path";
import { findExtensionRoot } from "../extension-root";

const root = findExtensionRoot(__dirname);
const text: string = root === undefined ? "" : fs.readFileSync(path.join(root, "server", "warm-up", "samples.yaml"), "utf8");
export default text;
