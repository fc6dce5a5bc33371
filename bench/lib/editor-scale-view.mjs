// Driving the Effective Permissions view in the workbench for the editor-at-scale benchmark, and
// reading its DOM rows. An interval starts at the input event as the page receives it (a capture
// listener on the window) and ends on the animation frame where the expected rows are in the DOM.
/* global window, document -- the functions passed to page.evaluate / waitForFunction run in the page */

const SIDEBAR_ROWS = ".part.sidebar .pane-body .monaco-list-row";

/**
 * In the page: whether the sidebar's rows satisfy `q` (`label` at `level` present, or `gone`; `level`
 * rows at least `min`); the page's Date.now() when they do, else false.
 */
function rowsMatch(q) {
  const rows = [...document.querySelectorAll(q.selector)].map((r) => ({
    label: r.querySelector(".label-name")?.textContent?.trim() ?? "",
    level: Number(r.getAttribute("aria-level")),
  }));
  const at = (r) => q.level === undefined || r.level === q.level;
  if (q.min !== undefined && rows.filter(at).length < q.min) return false;
  if (q.label !== undefined && rows.some((r) => at(r) && r.label === q.label) === Boolean(q.gone)) return false;
  return Date.now();
}

/** Resolves with the page's time when the rows satisfy `q` (see rowsMatch). */
export async function waitRows(page, q, timeout = 60_000) {
  const handle = await page.waitForFunction(rowsMatch, { selector: SIDEBAR_ROWS, ...q }, { polling: "raf", timeout });
  return handle.jsonValue();
}

/** The rows in the DOM (the visible part of the tree): label and level. */
export function rowsOf(page) {
  return page.evaluate(
    (selector) =>
      [...document.querySelectorAll(selector)].map((r) => ({
        label: r.querySelector(".label-name")?.textContent?.trim() ?? "",
        level: Number(r.getAttribute("aria-level")),
      })),
    SIDEBAR_ROWS,
  );
}

/** The next mousedown or keydown the page receives records its time. */
function arm(page) {
  return page.evaluate(() => {
    window.__editorScaleInput = undefined;
    const note = () => (window.__editorScaleInput ??= Date.now());
    window.addEventListener("mousedown", note, { capture: true, once: true });
    window.addEventListener("keydown", note, { capture: true, once: true });
  });
}

const inputTime = (page) => page.evaluate(() => window.__editorScaleInput);

const row = (page, label, level) =>
  page.locator(`${SIDEBAR_ROWS}[aria-level="${level}"]`).filter({ has: page.locator(".label-name", { hasText: exact(label) }) });

const exact = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s*$`);

/** The page's time when the first level (the Users row) shows; the view must be open. */
export function firstLevel(page) {
  return waitRows(page, { label: "Users", level: 1 }, 600_000);
}

/** Expands the row `label` at `level` (first time: its children are asked for); ms until a child row shows. */
export async function expand(page, label, level) {
  const r = row(page, label, level).first();
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute("aria-expanded")) === "true") throw new Error(`${label} is already expanded`);
  await arm(page);
  await r.locator(".monaco-tl-twistie").click();
  const at = await waitRows(page, { level: level + 1, min: 1 }, 120_000);
  return at - (await inputTime(page));
}

export async function collapse(page, label) {
  const r = row(page, label, 1).first();
  if ((await r.getAttribute("aria-expanded")) !== "true") return;
  await r.locator(".monaco-tl-twistie").click();
  await page.waitForFunction(
    ({ selector, label }) =>
      [...document.querySelectorAll(selector)].some(
        (e) => e.getAttribute("aria-expanded") === "false" && e.querySelector(".label-name")?.textContent?.trim() === label,
      ),
    { selector: `${SIDEBAR_ROWS}[aria-level="1"]`, label },
    { timeout: 30_000 },
  );
}

/** Scrolls the view (mouse wheel over it) until the row `label` is in the DOM. */
export async function scrollTo(page, label) {
  const box = await page.locator(".part.sidebar .pane-body").first().boundingBox();
  if (!box) throw new Error("the view is not on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
  for (let i = 0; i < 200; i++) {
    if ((await rowsOf(page)).some((r) => r.label === label)) {
      // Near the top, so that its children are rendered below it, inside the view.
      const at = await page
        .locator(SIDEBAR_ROWS)
        .filter({ has: page.locator(".label-name", { hasText: exact(label) }) })
        .first()
        .boundingBox();
      if (at && at.y - box.y > 120) {
        await page.mouse.wheel(0, at.y - box.y - 60);
        await page.waitForTimeout(200);
      }
      return;
    }
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(50);
  }
  throw new Error(`row ${label} not found after scrolling`);
}

/** Runs "Filter Subjects…" and filters to `text`; ms from Enter until the filter row and `expectRow` show. */
export async function filterTo(page, text) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget:visible input");
  await page.keyboard.type("kube-rbac: Filter Subjects");
  await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Filter Subjects")');
  await page.keyboard.press("Enter");
  await page.waitForSelector('.quick-input-widget:visible :text("Part of a user, group or service account name")');
  await page.keyboard.type(text);
  await arm(page);
  await page.keyboard.press("Enter");
  await waitRows(page, { label: `Filter: "${text.toLowerCase()}"`, level: 1 });
  const at = await waitRows(page, { label: text, level: 2 });
  return at - (await inputTime(page));
}

/** Clicks the filter row (it clears the filter); ms until it is gone and the Users list is back. */
export async function clearFilter(page) {
  const r = page.locator(`${SIDEBAR_ROWS}[aria-level="1"]`).filter({ has: page.locator(".label-name", { hasText: /^\s*Filter: "/ }) });
  const label = ((await r.first().locator(".label-name").textContent()) ?? "").trim();
  await arm(page);
  await r.first().click();
  await waitRows(page, { label, level: 1, gone: true });
  const at = await waitRows(page, { level: 2, min: 10 });
  return at - (await inputTime(page));
}
