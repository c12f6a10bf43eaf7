// Browser checks of the generated site, run by `cargo test` (tests/site.rs):
// axe-core finds no serious or critical violation on an article page and a checklist page,
// and a ticked step survives a reload and a switch to another locale.
// Usage: node tests/browser/site.mjs SITE_DIR  (CHROMIUM=/usr/bin/chromium)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const root = path.resolve(process.argv[2]);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".xml": "application/xml", ".js": "text/javascript" };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const file = path.join(root, decodeURIComponent(url.pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const slug = "responding-to-a-compromised-email-account";
let failed = false;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  timeout: 60000,
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  for (const target of [`/nl-NL/${slug}.html`, `/nl-NL/${slug}.checklist.html`, `/sv-SE/${slug}.html`, "/nl-NL/index.html", "/index.html"]) {
    await page.goto(base + target);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    console.log(`axe ${target}: ${results.violations.length} violations, ${bad.length} serious or critical`);
    for (const v of bad) {
      failed = true;
      console.log(`  ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  await page.goto(`${base}/nl-NL/${slug}.checklist.html`);
  const boxes = page.locator("input[type=checkbox][data-key]");
  const first = boxes.nth(2);
  const key = await first.getAttribute("data-key");
  await first.check();
  const progress = await page.locator(".progress").textContent();
  console.log(`progress after one tick: ${progress}`);
  if (!/^1 van \d+ stappen klaar$/.test(progress)) { failed = true; }
  await page.reload();
  const kept = await page.locator(`input[data-key="${key}"]`).isChecked();
  console.log(`tick kept after reload: ${kept}`);
  await page.click(`.language-switcher a[hreflang="sv-SE"]`);
  await page.waitForURL(`**/sv-SE/${slug}.checklist.html`);
  const keptSv = await page.locator(`input[data-key="${key}"]`).isChecked();
  console.log(`tick kept in sv-SE: ${keptSv}`);
  const others = await page.locator("input[type=checkbox][data-key]:checked").count();
  console.log(`ticked in sv-SE: ${others}`);
  await page.click("button.reset");
  const afterReset = await page.locator("input[type=checkbox]:checked").count();
  console.log(`ticked after reset: ${afterReset}`);
  if (!kept || !keptSv || others !== 1 || afterReset !== 0) { failed = true; }
  await context.close();
} catch (error) {
  failed = true;
  console.log(`error: ${error.stack || error}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
