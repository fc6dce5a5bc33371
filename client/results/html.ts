// A report as the result view's HTML: the verdict on the first line, links as buttons the view's script
// turns into messages (open link i, export). Everything from the report is escaped.
import type { Report } from "./report";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function reportHtml(r: Report, nonce: string, cspSource: string): string {
  let link = 0;
  const body: string[] = [
    `<p class="verdict ${r.tone}" id="verdict">${esc(r.verdict)}</p>`,
    `<h1>${esc(r.title)}</h1>`,
    r.note ? `<p class="note">${esc(r.note)}</p>` : "",
    `<p><button id="export">Export…</button></p>`,
  ];
  for (const s of r.sections) {
    body.push(`<h2>${esc(s.heading)}</h2>`, "<ul>");
    for (const l of s.lines) {
      const links = (l.links ?? []).map((k) => `<a href="#" data-link="${link++}" title="Open ${esc(k.label)}">${esc(k.label)}</a>`);
      body.push(`<li>${esc(l.text)}${links.length ? `<span class="links">${links.join(" → ")}</span>` : ""}`);
      if (l.code) body.push(`<pre><code>${esc(l.code)}</code></pre>`);
      body.push("</li>");
    }
    body.push("</ul>");
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<title>${esc(r.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1.5em; line-height: 1.5; }
.verdict { font-size: 1.3em; font-weight: 600; margin: 1em 0 0; }
.verdict.yes { color: var(--vscode-testing-iconPassed); }
.verdict.no { color: var(--vscode-testing-iconFailed); }
h1 { font-size: 1em; font-weight: normal; color: var(--vscode-descriptionForeground); margin-top: 0.2em; }
.note { color: var(--vscode-descriptionForeground); font-style: italic; }
.links { margin-left: 0.6em; }
a { color: var(--vscode-textLink-foreground); }
pre { background: var(--vscode-textCodeBlock-background); padding: 0.6em; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 0.3em 0.9em; cursor: pointer; }
</style></head>
<body>${body.join("\n")}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener("click", (e) => {
  const a = e.target.closest("[data-link]");
  if (a) { e.preventDefault(); vscode.postMessage({ type: "open", link: Number(a.dataset.link) }); }
  if (e.target.id === "export") vscode.postMessage({ type: "export" });
});
</script></body></html>`;
}
