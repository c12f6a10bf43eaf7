// kbgen language chooser: go once to the language the browser prefers (navigator.languages: the
// exact tag, else the same language) when the site has it. The chooser stays for `#choose`, for
// a browser whose languages the site lacks, without JavaScript, and on a second visit in the
// same tab, so there is never a redirect loop.
(function () {
  "use strict";
  if (window.location.hash === "#choose") { return; }
  try { if (window.sessionStorage.getItem("kbgen:chosen")) { return; } } catch (e) { /* storage off */ }
  try { window.sessionStorage.setItem("kbgen:chosen", "1"); } catch (e) { /* storage off */ }
  var links = Array.prototype.slice.call(document.querySelectorAll(".language-chooser a[hreflang]"));
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  function tag(link) { return (link.getAttribute("hreflang") || "").toLowerCase(); }
  for (var i = 0; i < wanted.length; i++) {
    var want = String(wanted[i]).toLowerCase();
    var exact = links.filter(function (l) { return tag(l) === want; })[0];
    var same = links.filter(function (l) { return tag(l).split("-")[0] === want.split("-")[0]; })[0];
    var link = exact || same;
    if (link) { window.location.replace(link.href); return; }
  }
}());
