// Shared by the browser checks: a loopback static server for a built site, Chromium, and axe.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".xml": "application/xml", ".js": "text/javascript" };

/** Serves SITE_DIR on 127.0.0.1 (a free port); returns { base, server }. */
export async function serve(dir) {
  const root = path.resolve(dir);
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
  return { base: `http://127.0.0.1:${server.address().port}`, server };
}

/** Headless Chromium from CHROMIUM (default /usr/bin/chromium), offline. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: 60000,
  });
}

/** Runs axe on the page open in `page`; prints and returns the serious or critical violations. */
export async function axe(page, label) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  console.log(`axe ${label}: ${results.violations.length} violations, ${bad.length} serious or critical`);
  for (const v of bad) {
    console.log(`  ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }
  return bad;
}

/** Serves SITE_DIR, launches Chromium and runs `body({ base, browser })`; the process exits 1
 *  when the body returns false or throws (printed), else 0. */
export async function check(dir, body) {
  const { base, server } = await serve(dir);
  const browser = await launch();
  let ok = false;
  try {
    ok = (await body({ base, browser })) !== false;
  } catch (error) {
    console.log(`error: ${error.stack || error}`);
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(ok ? 0 : 1);
}
