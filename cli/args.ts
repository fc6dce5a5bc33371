// Command-line arguments, parsed the way kubectl users expect: `-n NS`, `--namespace=NS`, repeatable
// `-f`, `--as-group`, boolean `-A`. Unknown flags are usage errors (exit 2), never silently ignored.

export class UsageError extends Error {}

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly kind: "string" | "strings" | "boolean";
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | string[] | boolean>;
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const positionals: string[] = [];
  const flags = new Map<string, string | string[] | boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
      spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`);
    } else if (arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg)) {
      const name = arg.slice(1, 2);
      if (arg.length > 2) inline = arg[2] === "=" ? arg.slice(3) : arg.slice(2);
      spec = byShort.get(name);
      if (!spec) throw new UsageError(`unknown shorthand flag: '${name}' in ${arg}`);
    } else {
      positionals.push(arg);
      continue;
    }
    if (spec.kind === "boolean") {
      if (inline !== undefined && !["true", "false"].includes(inline)) throw new UsageError(`invalid value for --${spec.name}: ${inline}`);
      flags.set(spec.name, inline !== "false");
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`flag needs an argument: --${spec.name}`);
    if (spec.kind === "strings") flags.set(spec.name, [...((flags.get(spec.name) as string[] | undefined) ?? []), value]);
    else flags.set(spec.name, value);
  }
  return { positionals, flags };
}

export function flagString(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

export function flagStrings(a: ParsedArgs, name: string): string[] {
  const v = a.flags.get(name);
  return Array.isArray(v) ? v : [];
}

export function flagBool(a: ParsedArgs, name: string): boolean {
  return a.flags.get(name) === true;
}
