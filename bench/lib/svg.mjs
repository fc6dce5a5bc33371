// Horizontal grouped bar charts as standalone SVG, written by hand (no chart library). Values are drawn
// on a log scale when they span more than two orders of magnitude, and every bar carries its figure.

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const COLORS = ["#326ce5", "#e8833a", "#7a7a7a", "#2e9e5b"];

export function formatValue(v, unit) {
  if (!Number.isFinite(v)) return "n/a";
  if (unit === "ms") return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`;
  if (unit === "MB") return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} MB`;
  return `${v.toFixed(2)} ${unit}`;
}

/**
 * groups: [{ label, bars: [{ series, value }] }]; series names give the legend (same order, same colour).
 */
export function barChart({ title, unit, groups, series }) {
  const values = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v) => Number.isFinite(v) && v > 0);
  const max = Math.max(...values, 1e-9);
  const min = Math.min(...values, max);
  const log = max / min > 100;
  // Wide enough for the longest group label (~6.5 px per character at 12 px).
  const labelW = Math.max(230, Math.ceil(Math.max(...groups.map((g) => String(g.label).length)) * 6.5) + 16);
  const plotW = 420;
  const valueW = 80;
  const barH = 16;
  const gap = 10;
  const top = 48;
  const width = labelW + plotW + valueW + 20;
  const lo = log ? Math.log10(min) - 0.3 : 0;
  const hi = log ? Math.log10(max) : max;
  const scale = (v) => (log ? ((Math.log10(v) - lo) / (hi - lo)) * plotW : (v / hi) * plotW);
  let y = top;
  const parts = [];
  for (const g of groups) {
    const groupH = g.bars.length * barH;
    parts.push(`<text x="${labelW - 8}" y="${y + groupH / 2 + 4}" text-anchor="end" font-size="12">${esc(g.label)}</text>`);
    for (const b of g.bars) {
      const color = COLORS[series.indexOf(b.series) % COLORS.length];
      const w = Number.isFinite(b.value) && b.value > 0 ? Math.max(1, scale(b.value)) : 0;
      parts.push(
        `<rect x="${labelW}" y="${y + 1}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${color}"><title>${esc(`${b.series}: ${formatValue(b.value, unit)}`)}</title></rect>`,
      );
      parts.push(`<text x="${labelW + w + 4}" y="${y + barH - 4}" font-size="11" fill="#333">${esc(formatValue(b.value, unit))}</text>`);
      y += barH;
    }
    y += gap;
  }
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${labelW + i * 170}" y="26" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${labelW + i * 170 + 16}" y="36" font-size="12">${esc(s)}</text>`,
    )
    .join("");
  const height = y + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" font-size="14" font-weight="bold">${esc(title)}</text>
${legend}
<line x1="${labelW}" y1="${top - 4}" x2="${labelW}" y2="${y - gap + 2}" stroke="#999"/>
${parts.join("\n")}
<text x="${width - 10}" y="${height - 6}" font-size="10" text-anchor="end" fill="#777">${log ? "log scale" : "linear scale"}; medians</text>
</svg>
`;
}
