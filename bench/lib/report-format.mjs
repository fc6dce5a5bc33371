// Number and label formats shared by the sections of the benchmark report (bench/lib/report.mjs).
import { formatValue } from "./svg.mjs";

export const MB = 1024 * 1024;
/** File sizes in decimal megabytes, as people quote them. */
export const fileMB = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
export const bigLabel = (r) => (r.lsp ? fileMB(r.lsp.files.big.bytes) : "big");
export const f = (v, unit = "ms") => formatValue(v, unit);
export const ordinal = (n) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;
export const x = (r) => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×` : "n/a");
