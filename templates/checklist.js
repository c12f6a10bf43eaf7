(function () {
  "use strict";
  var page = document.querySelector(".checklist-page");
  if (!page) { return; }
  var key = "kbgen:checklist:" + page.getAttribute("data-storage-key");
  var boxes = Array.prototype.slice.call(page.querySelectorAll("input[type=checkbox][data-key]"));
  var progress = page.querySelector(".progress");
  var template = page.getAttribute("data-progress") || "";
  function load() {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { window.localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage off: ticks last for this visit */ }
  }
  function update() {
    var done = boxes.filter(function (b) { return b.checked; }).length;
    progress.textContent = template.replace("{done}", String(done)).replace("{total}", String(boxes.length));
  }
  var state = load();
  boxes.forEach(function (box) {
    box.checked = state[box.getAttribute("data-key")] === true;
    box.addEventListener("change", function () {
      var current = load();
      if (box.checked) { current[box.getAttribute("data-key")] = true; } else { delete current[box.getAttribute("data-key")]; }
      save(current);
      update();
    });
  });
  var reset = page.querySelector("button.reset");
  var print = page.querySelector("button.print");
  reset.addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = false; });
    save({});
    update();
  });
  print.addEventListener("click", function () { window.print(); });
  [progress, reset, print].forEach(function (el) { el.hidden = false; });
  update();
}());
