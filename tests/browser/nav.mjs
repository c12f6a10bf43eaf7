// Navigation checks on tests/fixtures/navigation, run by `cargo test` (tests/testsuite/site.rs):
// the sidebar from toc.yml (nl-NL) and from folders (sv-SE), the current article marked and its
// group open, previous/next in that order, a closed block on narrow screens, axe clean.
// Usage: node tests/browser/nav.mjs SITE_DIR  (CHROMIUM=/usr/bin/chromium)
import { check, axe } from "./common.mjs";

await check(process.argv[2], async ({ base, browser }) => {
    let failed = false;
    const context = await browser.newContext();
    const tab = await context.newPage();
    tab.setDefaultTimeout(20000);
    const look = async (path) => {
      await tab.goto(base + path);
      await tab.waitForSelector("nav.site-nav:not([hidden])");
      return tab.evaluate(() => {
        const nav = document.querySelector("nav.site-nav");
        const current = nav.querySelector("a[aria-current=page]");
        const box = nav.getBoundingClientRect();
        const article = document.querySelector("article").getBoundingClientRect();
        const pager = Array.from(document.querySelectorAll("nav.pager a")).map((a) => `${a.rel}=${new URL(a.href).pathname}`);
        return {
          current: current ? new URL(current.href).pathname : null,
          open: current ? !!current.closest("details") && current.closest("details").open : null,
          treeVisible: nav.querySelector(".site-nav-tree a").checkVisibility(),
          beside: box.right <= article.left || box.left >= article.right,
          pager: pager.join(" "),
          links: Array.from(nav.querySelectorAll(".site-nav-tree a")).map((a) => a.textContent).join("|"),
        };
      });
    };
    await tab.setViewportSize({ width: 1500, height: 900 });
    for (const path of ["/nl-NL/accounts/reset.html", "/sv-SE/start.html"]) {
      const seen = await look(path);
      console.log(`nav wide ${path}: ${JSON.stringify(seen)}`);
      if (seen.current !== path || !seen.treeVisible || !seen.beside) { failed = true; }
      if ((await axe(tab, `${path} with the sidebar`)).length > 0) { failed = true; }
    }
    await tab.setViewportSize({ width: 390, height: 800 });
    const narrow = await look("/nl-NL/accounts/reset.html");
    await tab.click("nav.site-nav summary");
    const opened = await tab.evaluate(() => document.querySelector(".site-nav-tree a").checkVisibility());
    console.log(`nav narrow: closed ${!narrow.treeVisible}, opens ${opened}`);
    if (narrow.treeVisible || !opened) { failed = true; }
    if ((await axe(tab, "sidebar open at 390 px")).length > 0) { failed = true; }
    // search over a locale index split into bundles (built with --search-bundle-pages 1): the
    // first bundle is loaded, the others merged, results come from all of them
    await tab.goto(`${base}/nl-NL/index.html`);
    for (const term of ["account", "wachtwoord", "blokkeer"]) {
      await tab.fill("#kbgen\\:search", "");
      await tab.fill("#kbgen\\:search", term);
      await tab.waitForFunction(() => document.querySelector(".search-status").textContent !== "", null, { timeout: 20000 });
      const hrefs = await tab.evaluate(() => Array.from(document.querySelectorAll(".search-results a")).map((a) => new URL(a.href).pathname).sort());
      console.log(`bundled search "${term}": ${hrefs.join(" ")}`);
    }
    // a page of results at a time: "more results" adds the next page and focuses its first link
    await tab.goto(`${base}/nl-NL/index.html`);
    await tab.evaluate(() => document.querySelector(".site-search").setAttribute("data-page", "1"));
    await tab.fill("#kbgen\\:search", "account");
    await tab.waitForFunction(() => document.querySelector(".search-status").textContent !== "", null, { timeout: 20000 });
    const firstPage = await tab.evaluate(() => ({
      shown: document.querySelectorAll(".search-results li").length,
      more: !document.querySelector(".search-more").hidden,
      status: document.querySelector(".search-status").textContent,
    }));
    await tab.click(".search-more");
    await tab.waitForFunction(() => document.querySelectorAll(".search-results li").length > 1);
    const secondPage = await tab.evaluate(() => ({
      shown: document.querySelectorAll(".search-results li").length,
      more: !document.querySelector(".search-more").hidden,
      focused: document.activeElement === document.querySelectorAll(".search-results a")[1],
    }));
    console.log(`search pages: first ${JSON.stringify(firstPage)}, then ${JSON.stringify(secondPage)}`);
    if (firstPage.shown !== 1 || !firstPage.more || secondPage.shown !== 2 || secondPage.more || !secondPage.focused) { failed = true; }
    if ((await axe(tab, "search with more results")).length > 0) { failed = true; }
    await context.close();
    return !failed;
});
