// Lists read from user input or the network may be missing or not lists at all, whatever their declared
// type says. These guards keep the element type (Array.isArray alone widens a readonly list to `any[]`).

/** `v` when it is a list, otherwise an empty one. */
export function listOrEmpty<T>(v: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(v) ? (v as readonly T[]) : [];
}

/** Whether `v` is really a list. */
export function isList<T>(v: readonly T[] | null | undefined): v is readonly T[] {
  return Array.isArray(v);
}
