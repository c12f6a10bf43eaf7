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
  // "show the English": hidden until asked, shown under each block, remembered, axe clean
  {
    const english = await browser.newContext();
    const tab = await english.newPage();
    await tab.goto(`${base}/nl-NL/${slug}.html`);
    const source = tab.locator(".sxs-source").first();
    const before = await source.isVisible();
    await tab.click("[data-action=show-source]");
    const after = await source.isVisible();
    await tab.reload();
    const kept = await source.isVisible();
    console.log(`english source: hidden ${!before}, shown ${after}, kept ${kept}`);
    if (before || !after || !kept) { failed = true; }
    if ((await axe(tab, "article with the English shown")).length > 0) { failed = true; }
    await english.close();
  }
  // "on this page": a sticky rail beside the article on wide screens, a closed block on narrow
  {
    const sizes = await browser.newContext();
    const tab = await sizes.newPage();
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.goto(`${base}/nl-NL/${slug}.html`);
    const rail = await tab.evaluate(() => {
      const toc = document.querySelector("nav.toc");
      const body = document.querySelector("article h1").getBoundingClientRect();
      const box = toc.getBoundingClientRect();
      return { position: getComputedStyle(toc).position, beside: box.left >= body.right, links: toc.querySelector("a").getBoundingClientRect().height > 0 };
    });
    await tab.mouse.wheel(0, 3000);
    await tab.waitForTimeout(200);
    const stays = await tab.evaluate(() => { const r = document.querySelector("nav.toc").getBoundingClientRect(); return r.top >= 0 && r.top < 100; });
    console.log(`toc at 1280 px: ${JSON.stringify(rail)}, stays in view ${stays}`);
    if (rail.position !== "sticky" || !rail.beside || !rail.links || !stays) { failed = true; }
    if ((await axe(tab, "article at 1280 px")).length > 0) { failed = true; }
    await tab.setViewportSize({ width: 390, height: 800 });
    await tab.goto(`${base}/nl-NL/${slug}.html`);
    const link = tab.locator("nav.toc a").first();
    const closed = !(await link.isVisible());
    await tab.click("nav.toc summary");
    const opened = await link.isVisible();
    console.log(`toc at 390 px: closed ${closed}, opens ${opened}`);
    if (!closed || !opened) { failed = true; }
    await sizes.close();
  }
  // the root page goes once to the browser's language when the site has it, and only once
  for (const [locale, expected] of [["sv-SE", "/sv-SE/index.html"], ["nl-BE", "/nl-NL/index.html"], ["de-DE", "/index.html"]]) {
    const browsing = await browser.newContext({ locale });
    const tab = await browsing.newPage();
    await tab.goto(`${base}/index.html`);
    await tab.waitForLoadState("load");
    const path = new URL(tab.url()).pathname;
    console.log(`root page for ${locale}: ${path}`);
    if (path !== expected) { failed = true; }
    await tab.goto(`${base}/index.html`);
    const again = new URL(tab.url()).pathname;
    console.log(`root page again for ${locale}: ${again}`);
    if (again !== "/index.html") { failed = true; }
    await browsing.close();
  }
  // search: each locale's index holds its own language only (never the English of the sxs
  // source), finds word forms, UI terms in bold and steps by number, and works by keyboard
  {
    const searching = await browser.newContext();
    const tab = await searching.newPage();
    const find = async (locale, term) => {
      await tab.goto(`${base}/${locale}/index.html`);
      await tab.fill("#kbgen\\:search", term);
      await tab.waitForFunction(() => document.querySelector(".search-status").textContent !== "", null, { timeout: 20000 });
      const found = await tab.evaluate(() => ({
        status: document.querySelector(".search-status").textContent,
        hrefs: Array.from(document.querySelectorAll(".search-results a")).map((a) => a.getAttribute("href")),
        marks: Array.from(document.querySelectorAll(".search-results mark")).map((m) => m.textContent),
      }));
      console.log(`search ${locale} "${term}": ${found.hrefs.length} results (${found.status}) ${found.hrefs.join(" ")} marks ${found.marks.slice(0, 3).join("|")}`);
      return found;
    };
    for (const [locale, term] of [["nl-NL", "wachtwoord"], ["nl-NL", "wachtwoorden"], ["nl-NL", "password"], ["nl-NL", "Postvak IN"], ["nl-NL", "stap 3"],
      ["sv-SE", "lösenord"], ["sv-SE", "lösenordet"], ["sv-SE", "password"]]) {
      await find(locale, term);
    }
    // keyboard: down into the results, down and up between them, back to the box, Enter follows
    await find("nl-NL", "account");
    await tab.focus("#kbgen\\:search");
    await tab.keyboard.press("ArrowDown");
    const first = await tab.evaluate(() => document.activeElement.getAttribute("href"));
    await tab.keyboard.press("ArrowUp");
    const back = await tab.evaluate(() => document.activeElement.id);
    await tab.keyboard.press("ArrowDown");
    if ((await axe(tab, "index with search results open")).length > 0) { failed = true; }
    await Promise.all([tab.waitForNavigation(), tab.keyboard.press("Enter")]);
    const landed = new URL(tab.url());
    console.log(`search keyboard: first ${first}, up to ${back}, enter to ${landed.pathname}${landed.hash}`);
    if (!first || back !== "kbgen:search" || landed.pathname + landed.hash !== first) { failed = true; }
    await searching.close();
  }
  const choosing = await browser.newContext({ locale: "sv-SE" });
  const chooser = await choosing.newPage();
  await chooser.goto(`${base}/index.html#choose`);
  console.log(`root page with #choose: ${new URL(chooser.url()).pathname}`);
  if (new URL(chooser.url()).pathname !== "/index.html") { failed = true; }
  await choosing.close();
} catch (error) {
  failed = true;
  console.log(`error: ${error.stack || error}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
