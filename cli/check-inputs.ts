// What `kube-rbac check` reads: the files below its PATH arguments and standard input (`-`), each with the
// repository configuration that applies to it (the nearest `.kube-rbac.yaml` above it, or `--config`).
// Files the configuration ignores are not read. A configuration with problems stops the run: its problems
// are printed with their lines, never skipped.

import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigFinder, LoadedConfig, loadConfigFile } from "../config";
import { expandPaths, InputError } from "./sources";

export interface CheckInput {
  /** As the findings name it: the path given (or found below a given folder), or the --stdin-filename. */
  readonly file: string;
  readonly text: string;
  readonly config: LoadedConfig | undefined;
}

export interface InputOptions {
  readonly stdin?: () => Promise<string>;
  /** Names standard input in findings, and places it for the configuration lookup. */
  readonly stdinFilename?: string;
  /** One configuration file for every input instead of the nearest one. */
  readonly configFile?: string;
}

export const STDIN_NAME = "<stdin>";

export async function gatherInputs(paths: readonly string[], options: InputOptions): Promise<CheckInput[]> {
  const configs = configSource(options);
  const at = (p: string) => path.resolve(p);
  const ignored = (p: string) => configs(at(p))?.isIgnored(at(p)) === true;
  const inputs: CheckInput[] = [];
  const files = paths.filter((p) => p !== "-");
  if (files.length < paths.length - 1) throw new InputError("standard input (-) can be read only once");
  for (const file of expandPaths(files, ignored)) inputs.push({ file, text: readInput(file), config: configs(at(file)) });
  if (files.length < paths.length) {
    if (!options.stdin) throw new InputError("there is no standard input to read");
    const name = options.stdinFilename ?? STDIN_NAME;
    // Standard input sits where its name says (or in the current folder) for the configuration lookup.
    const place = at(options.stdinFilename ?? path.join(".", STDIN_NAME));
    const text = await options.stdin();
    if (!ignored(place)) inputs.push({ file: name, text, config: configs(place) });
  }
  const problems = new Set<LoadedConfig>(inputs.flatMap((i) => (i.config && i.config.problems.length > 0 ? [i.config] : [])));
  if (problems.size > 0)
    throw new InputError(`the configuration file has problems:\n${[...problems].flatMap((c) => c.formattedProblems()).join("\n")}`);
  return inputs;
}

/** A file's text; a file that cannot be read is an input error. */
export function readInput(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The configuration of a file: --config for every file, else the nearest one. */
function configSource(options: InputOptions): (file: string) => LoadedConfig | undefined {
  if (options.configFile !== undefined) {
    let only: LoadedConfig;
    try {
      only = loadConfigFile(options.configFile);
    } catch (e) {
      throw new InputError(`cannot read the configuration file ${options.configFile}: ${(e as Error).message}`);
    }
    return () => only;
  }
  const finder = new ConfigFinder();
  return (file) => finder.forFile(file);
}
