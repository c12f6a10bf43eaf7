// Browser checks of the generated site, run by `cargo test` (tests/site.rs):
// axe-core finds no serious or critical violation on article, checklist and index pages, on
// screen and in print (the checklist's runs are driven by runs.mjs).
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
    await page.emulateMedia({ media: "print" });
    if ((await axe(page, `${target} (print)`)).length > 0) { failed = true; }
    await page.emulateMedia({ media: "screen" });
  }
  await context.close();
} catch (error) {
  failed = true;
  console.log(`error: ${error.stack || error}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
