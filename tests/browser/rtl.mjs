// Browser checks of a right-to-left and a CJK site, run by `cargo test` (tests/testsuite/
// locales.rs) on the tests/fixtures/rtl-cjk build: no horizontal overflow at 390 and 1280 px,
// checklist boxes on the reading side (right in Arabic, left in Japanese), axe clean in both
// directions, light and dark.
// Usage: node tests/browser/rtl.mjs SITE_DIR  (CHROMIUM=/usr/bin/chromium)
import { serve, launch, axe } from "./common.mjs";

const { base, server } = await serve(process.argv[2]);
let failed = false;
const browser = await launch();
try {
  for (const scheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
      const page = await context.newPage();
      page.setDefaultTimeout(20000);
      for (const target of ["/ar-SA/reset-a-password.html", "/ar-SA/reset-a-password.checklist.html",
                            "/he-IL/index.html", "/ja-JP/reset-a-password.html",
                            "/ja-JP/reset-a-password.checklist.html", "/ar-SA/stop-sharing.html"]) {
        await page.goto(base + target);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        console.log(`overflow ${target} at ${width} px (${scheme}): ${overflow}`);
        if (overflow > 0) { failed = true; }
        if (width === 1280 && (await axe(page, `${target} (${scheme})`)).length > 0) { failed = true; }
        if (target.endsWith(".checklist.html")) {
          // the box stands where the line starts: right of its label in Arabic, left in Japanese
          const side = await page.evaluate(() => {
            const box = document.querySelector("input[type=checkbox][data-step]");
            const label = document.querySelector(`label[for="${box.id}"]`);
            const b = box.getBoundingClientRect(), l = label.getBoundingClientRect();
            return b.left >= l.right - 1 ? "right" : b.right <= l.left + 1 ? "left" : "overlapping";
          });
          const expected = target.startsWith("/ar-SA/") ? "right" : "left";
          console.log(`checkbox ${target} at ${width} px: ${side}`);
          if (side !== expected) { failed = true; }
        }
      }
      await context.close();
    }
  }
} catch (error) {
  failed = true;
  console.log(`error: ${error.stack || error}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
