// Browser checks of the generated site, run by `cargo test` (tests/site.rs):
// axe-core finds no serious or critical violation on an article page and a checklist page,
// and a ticked step survives a reload and a switch to another locale.
// Usage: node tests/browser/site.mjs SITE_DIR  (CHROMIUM=/usr/bin/chromium)
import { serve, launch, axe } from "./common.mjs";

const { base, server } = await serve(process.argv[2]);
const slug = "responding-to-a-compromised-email-account";
let failed = false;
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  for (const target of [`/nl-NL/${slug}.html`, `/nl-NL/${slug}.checklist.html`, `/sv-SE/${slug}.html`, "/nl-NL/index.html", "/index.html"]) {
    await page.goto(base + target);
    if ((await axe(page, target)).length > 0) { failed = true; }
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
