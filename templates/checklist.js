// kbgen interactive checklist: one run per incident (`?run=ID` in the address), stored in this
// browser under the article's slug and run id, so it survives reloads and language switches
// (step keys are the same in every locale). Each tick records when and by whom; a note per step;
// export as JSON (the run record schema in README); reset asks first and can be undone.
(function () {
  "use strict";
  var page = document.querySelector(".checklist-page");
  if (!page || !page.querySelector(".run")) { return; }
  var slug = page.getAttribute("data-slug") || "";
  var locale = page.getAttribute("data-locale") || document.documentElement.lang || "en-US";
  var runPrefix = "kbgen:run:" + slug + ":";
  var indexKey = "kbgen:runs:" + slug;
  var responderKey = "kbgen:responder";
  var boxes = Array.prototype.slice.call(page.querySelectorAll("input[type=checkbox][data-step]"));
  var byKey = {};
  var children = {};
  boxes.forEach(function (box) {
    byKey[box.getAttribute("data-step")] = box;
    var parent = box.getAttribute("data-parent");
    if (parent !== null) { (children[parent] = children[parent] || []).push(box); }
  });
  var fields = ["reference", "account", "responder"];
  var inputs = {};
  fields.forEach(function (name) { inputs[name] = page.querySelector(".run-fields input[name=" + name + "]"); });
  function $(selector) { return page.querySelector(selector); }
  function action(name) { return $("[data-action=" + name + "]"); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  var numbers = new Intl.NumberFormat(locale);
  var dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "long" });
  function when(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? "" : dateTime.format(date);
  }

  // storage: localStorage when the browser allows it, else this visit only
  var memory = {};
  function store() { try { return window.localStorage; } catch (e) { return null; } }
  function read(key) {
    var s = store();
    var text = null;
    try { text = s ? s.getItem(key) : null; } catch (e) { text = null; }
    if (text === null && key in memory) { text = memory[key]; }
    try { return JSON.parse(text || "null"); } catch (e) { return null; }
  }
  function write(key, value) {
    var text = JSON.stringify(value);
    memory[key] = text;
    try { var s = store(); if (s) { s.setItem(key, text); } } catch (e) { /* full or off: kept for this visit */ }
  }

  function newId() {
    var bytes = new Uint8Array(8);
    if (window.crypto && window.crypto.getRandomValues) { window.crypto.getRandomValues(bytes); }
    else { for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); } }
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function validId(id) { return typeof id === "string" && /^[0-9A-Za-z_-]{1,64}$/.test(id); }
  function now() { return new Date().toISOString(); }
  function text(value) { return typeof value === "string" ? value : ""; }

  var run = null;
  var undo = null;
  function fresh(id) {
    return { id: id, reference: "", account: "", responder: text(read(responderKey)), started: now(), steps: {}, notes: {} };
  }
  function open(id) {
    var stored = read(runPrefix + id);
    run = stored && stored.id === id ? stored : fresh(id);
    if (!run.steps || typeof run.steps !== "object") { run.steps = {}; }
    if (!run.notes || typeof run.notes !== "object") { run.notes = {}; }
    fields.forEach(function (name) { run[name] = text(run[name]); });
  }
  function address(id, push) {
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("run", id);
      window.history[push ? "pushState" : "replaceState"](null, "", url.href);
    } catch (e) { /* an address that cannot change: the run lasts for this visit */ }
    // the run follows a language switch
    document.querySelectorAll(".language-switcher a[href]").forEach(function (link) {
      try {
        var target = new URL(link.getAttribute("href"), window.location.href);
        target.searchParams.set("run", id);
        link.href = target.href;
      } catch (e) { /* leave the link as it is */ }
    });
  }
  function save() {
    write(runPrefix + run.id, run);
    var index = read(indexKey);
    index = Array.isArray(index) ? index.filter(function (entry) { return entry && entry.id !== run.id; }) : [];
    index.unshift({ id: run.id, reference: run.reference, started: run.started });
    write(indexKey, index.slice(0, 20));
    if (run.responder) { write(responderKey, run.responder); }
  }

  // ticks: a step ticks itself when its sub-steps are done, and unticks when it had done so
  function setTick(box, done, auto) {
    var key = box.getAttribute("data-step");
    if (done) { run.steps[key] = { at: now(), by: run.responder, auto: !!auto }; } else { delete run.steps[key]; }
    box.checked = done;
  }
  function settleParent(box) {
    var parentKey = box.getAttribute("data-parent");
    var parent = parentKey === null ? null : byKey[parentKey];
    if (!parent) { return; }
    var kids = children[parentKey];
    var needed = kids.filter(function (k) { return !k.hasAttribute("data-optional"); });
    if (needed.length === 0) { needed = kids; }
    var all = needed.every(function (k) { return k.checked; });
    var entry = run.steps[parentKey];
    if (all && !parent.checked) { setTick(parent, true, true); settleParent(parent); }
    else if (!all && parent.checked && entry && entry.auto) { setTick(parent, false, false); settleParent(parent); }
  }

  // what a run looks like on the page
  var notes = {};
  var times = {};
  boxes.forEach(function (box) {
    var key = box.getAttribute("data-step");
    var heading = box.parentNode;
    var time = document.createElement("span");
    time.className = "tick-time";
    heading.appendChild(time);
    times[key] = time;
    var details = document.createElement("details");
    details.className = "step-note";
    var summary = document.createElement("summary");
    summary.textContent = page.getAttribute("data-note") || "Note";
    var area = document.createElement("textarea");
    area.setAttribute("aria-label", (page.getAttribute("data-note") || "Note") + ": " + (box.getAttribute("data-title") || key));
    area.maxLength = 4000;
    var printed = document.createElement("p");
    printed.className = "note-print print-only";
    details.appendChild(summary);
    details.appendChild(area);
    heading.parentNode.insertBefore(printed, heading.nextSibling);
    heading.parentNode.insertBefore(details, heading.nextSibling);
    notes[key] = { details: details, area: area, printed: printed };
    area.addEventListener("input", function () {
      if (area.value) { run.notes[key] = area.value; } else { delete run.notes[key]; }
      printed.textContent = area.value;
      changed();
    });
  });

  function counts() {
    var required = boxes.filter(function (b) { return !b.hasAttribute("data-optional"); });
    var optional = boxes.filter(function (b) { return b.hasAttribute("data-optional"); });
    function done(list) { return list.filter(function (b) { return b.checked; }).length; }
    return { required: required.length, requiredDone: done(required), optional: optional.length, optionalDone: done(optional) };
  }
  function complete(c) {
    return c.required > 0 ? c.requiredDone === c.required : c.optional > 0 && c.optionalDone === c.optional;
  }
  // the progress lines for 0..total done steps, rendered by kbgen with their plural forms
  function lines(name) {
    try { var list = JSON.parse(page.getAttribute(name) || "[]"); return Array.isArray(list) ? list : []; } catch (e) { return []; }
  }
  var requiredLines = lines("data-required");
  var optionalLines = lines("data-optional");
  function line(list, done, total) {
    return list.length === total + 1 ? list[done] : numbers.format(done) + " / " + numbers.format(total);
  }
  function progressText(c) {
    var parts = [line(requiredLines, c.requiredDone, c.required)];
    if (c.optional > 0) { parts.push(line(optionalLines, c.optionalDone, c.optional)); }
    return parts;
  }
  function show() {
    boxes.forEach(function (box) {
      var key = box.getAttribute("data-step");
      var entry = run.steps[key];
      box.checked = !!entry;
      var stamp = entry ? when(entry.at) : "";
      times[key].textContent = !entry ? "" : entry.by
        ? fill(page.getAttribute("data-tick-time-by") || "", { time: stamp, name: entry.by })
        : fill(page.getAttribute("data-tick-time") || "", { time: stamp });
      var note = text(run.notes[key]);
      if (notes[key].area !== document.activeElement) { notes[key].area.value = note; }
      notes[key].printed.textContent = note;
      if (note) { notes[key].details.open = true; }
    });
    fields.forEach(function (name) {
      if (inputs[name] && inputs[name] !== document.activeElement) { inputs[name].value = run[name]; }
    });
    progress();
  }
  function progress() {
    var c = counts();
    var parts = progressText(c);
    $(".required-progress").textContent = parts[0];
    $(".optional-progress").textContent = parts[1] || "";
    var bar = $(".required-bar");
    bar.max = Math.max(c.required, 1);
    bar.value = c.requiredDone;
    var finished = complete(c);
    $(".run-complete").hidden = !finished;
    if (finished) {
      var last = "";
      Object.keys(run.steps).forEach(function (key) { if (run.steps[key].at > last) { last = run.steps[key].at; } });
      run.ended = last || now();
    } else {
      delete run.ended;
    }
    var summary = { reference: run.reference, account: run.account, responder: run.responder, started: when(run.started), ended: run.ended ? when(run.ended) : "", progress: parts.join(" · ") };
    page.querySelectorAll(".run-summary dd[data-field]").forEach(function (dd) {
      var value = summary[dd.getAttribute("data-field")];
      dd.textContent = value || dd.getAttribute("data-none") || "—";
    });
  }
  function changed() {
    undo = null;
    $(".undo").hidden = true;
    progress();
    save();
    recent();
  }
  function recent() {
    var index = read(indexKey);
    var others = (Array.isArray(index) ? index : []).filter(function (entry) { return entry && validId(entry.id) && entry.id !== run.id; });
    var list = $(".recent-runs ul");
    list.textContent = "";
    others.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "?run=" + encodeURIComponent(entry.id);
      link.textContent = [text(entry.reference), when(entry.started)].filter(Boolean).join(" · ") || entry.id;
      item.appendChild(link);
      list.appendChild(item);
    });
    $(".recent-runs").hidden = others.length === 0;
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      setTick(box, box.checked, false);
      settleParent(box);
      show();
      changed();
    });
  });
  fields.forEach(function (name) {
    if (!inputs[name]) { return; }
    inputs[name].addEventListener("input", function () {
      run[name] = inputs[name].value;
      changed();
    });
  });

  function record() {
    return {
      article: page.getAttribute("data-article-title") || "",
      slug: slug,
      locale: locale,
      run: { id: run.id, reference: run.reference, account: run.account, responder: run.responder, started: run.started, ended: run.ended || null },
      steps: boxes.map(function (box) {
        var key = box.getAttribute("data-step");
        var entry = run.steps[key];
        return {
          key: key,
          title: box.getAttribute("data-title") || "",
          optional: box.hasAttribute("data-optional"),
          done: !!entry,
          at: entry ? entry.at : null,
          by: entry && entry.by ? entry.by : null,
          note: text(run.notes[key])
        };
      })
    };
  }
  action("export").addEventListener("click", function () {
    var blob = new Blob([JSON.stringify(record(), null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    var name = (run.reference || run.id).replace(/[^0-9A-Za-z_.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "") || run.id;
    link.href = URL.createObjectURL(blob);
    link.download = slug.split("/").pop() + "-" + name + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  });
  action("print").addEventListener("click", function () { window.print(); });
  action("new-run").addEventListener("click", function () {
    run = fresh(newId());
    undo = null;
    $(".undo").hidden = true;
    address(run.id, true);
    show();
    recent();
    if (inputs.reference) { inputs.reference.focus(); }
  });

  // reset asks first (a dialog), and can be undone until the next change
  var dialog = $("dialog.confirm-reset");
  function clearTicks() {
    undo = { steps: run.steps, notes: run.notes, ended: run.ended };
    var kept = undo;
    run.steps = {};
    run.notes = {};
    show();
    changed();
    undo = kept;
    $(".undo").hidden = false;
    action("undo").focus();
  }
  action("reset").addEventListener("click", function () {
    if (dialog && typeof dialog.showModal === "function") { dialog.showModal(); }
    else if (window.confirm(document.getElementById("kbgen:confirm-reset-text").textContent)) { clearTicks(); }
  });
  action("reset-cancel").addEventListener("click", function () { dialog.close(); });
  action("reset-confirm").addEventListener("click", function () { dialog.close(); clearTicks(); });
  action("undo").addEventListener("click", function () {
    if (!undo) { return; }
    run.steps = undo.steps;
    run.notes = undo.notes;
    show();
    changed();
    action("reset").focus();
  });

  // another tab of the same run, and the back button between runs
  window.addEventListener("storage", function (event) {
    if (event.key === runPrefix + run.id) { open(run.id); show(); }
  });
  window.addEventListener("popstate", function () {
    var id = new URL(window.location.href).searchParams.get("run");
    if (validId(id) && id !== run.id) { open(id); address(id, false); show(); recent(); }
  });

  var requested = null;
  try { requested = new URL(window.location.href).searchParams.get("run"); } catch (e) { requested = null; }
  open(validId(requested) ? requested : newId());
  address(run.id, false);
  show();
  recent();
  page.querySelectorAll(".run-fields, .run-progress, .toolbar button").forEach(function (el) { el.hidden = false; });
}());
