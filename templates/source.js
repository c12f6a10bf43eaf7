// kbgen "show the English": on a translated page, shows under each block the en-US sentence it
// was translated from (already in the page, hidden); the choice is remembered in this browser.
(function () {
  "use strict";
  var article = document.querySelector("article[data-sources]");
  var button = document.querySelector("[data-action=show-source]");
  if (!article || !button) { return; }
  var key = "kbgen:show-source";
  function set(on) {
    article.classList.toggle("show-source", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    try { window.localStorage.setItem(key, on ? "1" : "0"); } catch (e) { /* storage off */ }
  }
  var stored = null;
  try { stored = window.localStorage.getItem(key); } catch (e) { stored = null; }
  set(stored === "1");
  button.addEventListener("click", function () { set(!article.classList.contains("show-source")); });
  button.parentNode.hidden = false;
}());
