// Label key / value syntax (apimachinery IsQualifiedName / IsValidLabelValue). Label keys, annotation
// keys (lower-cased first) and finalizer names are all qualified names.

import { isDns1123Subdomain } from "./target";

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why a qualified name (`[prefix/]name`) is invalid, or undefined; `what` names it in the message. */
export function qualifiedNameProblem(key: string, what = "a label key"): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return `${what} has at most one "/"`;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2 && (parts[0] === "" || !isDns1123Subdomain(parts[0]!)))
    return 'the prefix before "/" must be a DNS subdomain (lower case, at most 253 characters)';
  if (name === "") return "the name part is empty";
  if (name.length > 63) return "the name part is longer than 63 characters";
  if (!NAME.test(name))
    return 'the name part may hold only letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}

/** Why a label key is invalid, or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  return qualifiedNameProblem(key);
}

export function labelValueProblem(value: string): string | undefined {
  if (value === "") return undefined;
  if (value.length > 63) return "a label value is at most 63 characters";
  if (!NAME.test(value))
    return 'a label value may hold only letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}
