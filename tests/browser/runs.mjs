// A scripted incident in Chromium, run by `cargo test` (tests/testsuite/site.rs): a responder starts
// a run of the nl-NL checklist, ticks steps 1-4 and the sub-steps of step 5 (step 5 ticks itself),
// switches to sv-SE and en-US (ticking one step in each), reloads and exports the record, which must
// match what was done. A second run starts empty; reset asks, cancel keeps, undo restores; axe
// finds nothing serious on screen, in print and at 390 px.
// Usage: node tests/browser/runs.mjs SITE_DIR  (CHROMIUM=/usr/bin/chromium; RECORD_OUT=FILE keeps
// the exported record, SCREENSHOTS=DIR takes screenshots)
import fs from "node:fs";
import { serve, launch, axe } from "./common.mjs";

const { base, server } = await serve(process.argv[2]);
const slug = "responding-to-a-compromised-email-account";
const failures = [];
function expect(ok, what) {
  console.log(`${ok ? "ok" : "FAILED"}: ${what}`);
  if (!ok) { failures.push(what); }
}
const browser = await launch();
try {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const started = new Date().toISOString();
  await page.goto(`${base}/nl-NL/${slug}.checklist.html`);
  const runId = new URL(page.url()).searchParams.get("run");
  expect(/^[0-9a-f]{16}$/.test(runId || ""), `the address carries a run id (${runId})`);
  if ((await axe(page, "checklist with a run")).length > 0) { failures.push("axe on screen"); }

  await page.fill("input[name=reference]", "INC-4711");
  await page.fill("input[name=account]", "anna@contoso.com");
  await page.fill("input[name=responder]", "Piet");

  const top = await page.locator("input[data-step]:not([data-parent])").evaluateAll((boxes) => boxes.map((b) => b.dataset.step));
  const ticked = [];
  async function tick(key) {
    await page.locator(`input[data-step="${key}"]`).check();
    ticked.push(key);
  }
  // the leaves under `key`, deepest first, so their parents tick themselves
  async function tickUnder(key) {
    const kids = await page.locator(`input[data-parent="${key}"]`).evaluateAll((boxes) => boxes.map((b) => b.dataset.step));
    for (const kid of kids) {
      const grandchildren = await page.locator(`input[data-parent="${kid}"]`).count();
      if (grandchildren > 0) { await tickUnder(kid); } else { await tick(kid); }
    }
    return kids.length;
  }
  for (const key of top.slice(0, 4)) { await tick(key); }
  const five = top[4];
  const kidsOfFive = await tickUnder(five);
  expect(kidsOfFive > 0, `step 5 has ${kidsOfFive} sub-steps`);
  expect(await page.locator(`input[data-step="${five}"]`).isChecked(), "step 5 ticked itself when its sub-steps were done");
  const timeOfFive = await page.locator(`input[data-step="${five}"] ~ .tick-time`).textContent();
  expect(/Piet/.test(timeOfFive), `step 5 shows when and by whom (${timeOfFive})`);
  const required = await page.locator("input[data-step]:not([data-optional])").count();
  const optionals = await page.locator("input[data-step][data-optional]").count();
  const progress = await page.locator(".required-progress").textContent();
  expect(progress === `4 van ${required} verplichte stappen klaar`, `required progress in Dutch (${progress})`);
  const optional = await page.locator(".optional-progress").textContent();
  expect(optional === `${kidsOfFive + 1} van ${optionals} optionele stappen klaar`, `optional progress apart (${optional})`);
  const note = page.locator(`input[data-step="${top[1]}"]`).locator("xpath=ancestor::li[1]/details[contains(@class, 'step-note')]");
  await note.locator("summary").click();
  await note.locator("textarea").fill("Wachtwoord gereset via beheercentrum");

  // sv-SE: the same run, one more tick there
  await page.click(`.language-switcher a[hreflang="sv-SE"]`);
  await page.waitForURL(`**/sv-SE/${slug}.checklist.html?run=${runId}`);
  const keptSv = await page.locator("input[data-step]:checked").evaluateAll((boxes) => boxes.map((b) => b.dataset.step));
  expect(keptSv.length === ticked.length + 1, `sv-SE shows the run's ${keptSv.length} ticks (${ticked.length} ticked and step 5)`);
  expect(await page.inputValue("input[name=reference]") === "INC-4711", "sv-SE shows the run's reference");
  await tick(top[5]);
  // en-US: one more tick, then a reload
  await page.click(`.language-switcher a[hreflang="en-US"]`);
  await page.waitForURL(`**/en-US/${slug}.checklist.html?run=${runId}`);
  if (top[6]) { await tick(top[6]); }
  await page.reload();
  const done = await page.locator("input[data-step]:checked").evaluateAll((boxes) => boxes.map((b) => b.dataset.step));
  expect(done.length === ticked.length + 1, `after the reload in en-US, ${done.length} ticks`);
  expect(!(await page.locator(".run-complete").isVisible()), "not complete while required steps are open");
  const open = await page.locator("input[data-step]:not([data-optional]):not(:checked)").evaluateAll((boxes) => boxes.map((b) => b.dataset.step));
  for (const key of open) { await tick(key); }
  expect(await page.locator(".run-complete").isVisible(), `complete once the last ${open.length} required steps are ticked`);

  // the record
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export]")]);
  const record = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  const ended = new Date().toISOString();
  console.log(`exported ${download.suggestedFilename()}: ${record.steps.length} steps, ${record.steps.filter((s) => s.done).length} done`);
  expect(record.slug === slug && record.locale === "en-US", `record names the article and locale (${record.slug}, ${record.locale})`);
  expect(record.run.id === runId && record.run.reference === "INC-4711" && record.run.account === "anna@contoso.com" && record.run.responder === "Piet", "record carries the run fields");
  expect(record.run.started >= started && record.run.started <= ended, "record's start time is the run's");
  const lastTick = record.steps.map((s) => s.at).filter(Boolean).sort().pop();
  expect(record.run.ended === lastTick, `record ends at the last tick (${record.run.ended})`);
  const expected = new Set([...ticked, five]);
  const doneKeys = record.steps.filter((s) => s.done).map((s) => s.key);
  expect(doneKeys.length === expected.size && doneKeys.every((k) => expected.has(k)), `record's done steps are what was ticked (${doneKeys.length})`);
  const at = Object.fromEntries(record.steps.filter((s) => s.done).map((s) => [s.key, s.at]));
  const times = ticked.map((k) => at[k]);
  expect(times.every((t, i) => t >= started && t <= ended && (i === 0 || t >= times[i - 1])), "tick times increase in the order of ticking");
  expect(record.steps.filter((s) => s.done).every((s) => s.by === "Piet"), "every tick is by the responder");
  expect(record.steps.filter((s) => !s.done).every((s) => s.at === null && s.by === null), "unticked steps have no time");
  expect(record.steps.find((s) => s.key === top[1]).note === "Wachtwoord gereset via beheercentrum", "the note is in the record");
  expect(record.steps.some((s) => s.optional) && record.steps.every((s) => typeof s.title === "string" && s.title.length > 0), "steps carry titles and optional flags");
  if (process.env.RECORD_OUT) { fs.copyFileSync(await download.path(), process.env.RECORD_OUT); }
  if (process.env.SCREENSHOTS) { await page.screenshot({ path: `${process.env.SCREENSHOTS}/run-screen.png` }); }

  // print: the record header, ☑ and times, axe clean
  await page.emulateMedia({ media: "print" });
  expect(await page.locator(".run-summary [data-field=reference]").textContent() === "INC-4711", "print shows the reference");
  expect(await page.locator(".run-summary").isVisible() && !(await page.locator(".run-fields").isVisible()), "print shows the record, not the form");
  const mark = await page.locator(`input[data-step="${top[0]}"] + label`).evaluate((label) => getComputedStyle(label, "::before").content);
  expect(mark.includes("☑"), `print marks a done step ☑ (${mark})`);
  if ((await axe(page, "checklist in print")).length > 0) { failures.push("axe in print"); }
  if (process.env.SCREENSHOTS) { await page.screenshot({ path: `${process.env.SCREENSHOTS}/run-print.png` }); }
  await page.emulateMedia({ media: "screen" });

  // reset asks; cancel keeps; clear empties; undo restores
  const before = await page.locator("input[data-step]:checked").count();
  await page.click("[data-action=reset]");
  expect(await page.locator("dialog.confirm-reset").isVisible(), "reset asks first");
  await page.click("[data-action=reset-cancel]");
  expect(await page.locator("input[data-step]:checked").count() === before, "cancel keeps every tick");
  await page.click("[data-action=reset]");
  await page.click("[data-action=reset-confirm]");
  expect(await page.locator("input[data-step]:checked").count() === 0, "clear removes every tick");
  await page.click("[data-action=undo]");
  expect(await page.locator("input[data-step]:checked").count() === before, "undo restores every tick");

  // a second run of the same article starts empty
  await page.click("[data-action=new-run]");
  const second = new URL(page.url()).searchParams.get("run");
  expect(second && second !== runId, "a new run has its own id");
  expect(await page.locator("input[data-step]:checked").count() === 0, "a new run starts empty");
  expect(await page.inputValue("input[name=reference]") === "", "a new run has no reference");
  expect(await page.inputValue("input[name=responder]") === "Piet", "the responder is remembered");
  await page.goto(`${base}/nl-NL/${slug}.checklist.html`);
  expect(await page.locator("input[data-step]:checked").count() === 0, "opening the checklist afresh starts an empty run");
  expect(await page.locator(`.recent-runs a[href="?run=${runId}"]`).count() === 1, "the first run is listed to go back to");
  await page.goto(`${base}/nl-NL/${slug}.checklist.html?run=${runId}`);
  expect(await page.locator("input[data-step]:checked").count() === before, "the first run is still there");

  // 390 px: nothing wider than the screen, the reset button is not the first control
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 390, `390 px wide: the page is ${width} px`);
  const controls = await page.locator(".run input:visible, .run button:visible").evaluateAll((els) => els.map((e) => e.dataset.action || e.name));
  expect(controls[0] !== "reset" && controls.indexOf("reset") > controls.indexOf("export"), `controls in order: ${controls.join(", ")}`);
  if ((await axe(page, "checklist at 390 px")).length > 0) { failures.push("axe at 390 px"); }
  if (process.env.SCREENSHOTS) { await page.screenshot({ path: `${process.env.SCREENSHOTS}/run-390.png` }); }
  await context.close();
} catch (error) {
  failures.push(String(error));
  console.log(`error: ${error.stack || error}`);
} finally {
  await browser.close();
  server.close();
}
console.log(failures.length === 0 ? "incident run: all checks passed" : `incident run: ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
