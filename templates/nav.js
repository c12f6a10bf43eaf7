// kbgen navigation: the sidebar (the locale's table of contents, from its toc.json, the current
// article marked and its groups open) and the links to the previous and next article in that
// order. Without this script the page keeps its breadcrumbs and the index.
(function () {
  "use strict";
  var nav = document.querySelector("nav.site-nav[data-toc]");
  if (!nav || !window.fetch) { return; }
  var tree = nav.querySelector(".site-nav-tree");
  var pager = document.querySelector("nav.pager");
  var tocUrl = new URL(nav.getAttribute("data-toc"), document.baseURI);
  var here = location.pathname;
  var order = [];

  function build(entries, depth) {
    var ul = document.createElement("ul");
    var holdsHere = false;
    entries.forEach(function (entry) {
      var li = document.createElement("li");
      var label;
      if (entry.h) {
        var target = new URL(entry.h, tocUrl);
        label = document.createElement("a");
        label.href = target.href;
        label.textContent = entry.t;
        label.dir = "auto";
        if (target.origin === location.origin) {
          order.push({ title: entry.t, href: target.href });
          if (target.pathname === here) { label.setAttribute("aria-current", "page"); holdsHere = true; }
        }
      } else {
        label = document.createElement("span");
        label.textContent = entry.t;
        label.dir = "auto";
      }
      if (entry.c && entry.c.length) {
        var inner = build(entry.c, depth + 1);
        var details = document.createElement("details");
        var summary = document.createElement("summary");
        summary.appendChild(label);
        details.appendChild(summary);
        details.appendChild(inner.ul);
        details.open = inner.holdsHere;
        holdsHere = holdsHere || inner.holdsHere;
        li.appendChild(details);
      } else {
        li.appendChild(label);
      }
      ul.appendChild(li);
    });
    return { ul: ul, holdsHere: holdsHere };
  }

  function link(entry, rel, text) {
    var a = document.createElement("a");
    a.href = entry.href;
    a.rel = rel;
    a.className = rel === "next" ? "pager-next" : "pager-prev";
    var small = document.createElement("span");
    small.className = "pager-label";
    small.textContent = text;
    var title = document.createElement("span");
    title.textContent = entry.title;
    title.dir = "auto";
    a.appendChild(small);
    a.appendChild(title);
    return a;
  }

  fetch(tocUrl.href).then(function (response) {
    if (!response.ok) { throw new Error(response.status); }
    return response.json();
  }).then(function (toc) {
    var built = build(toc.items || [], 0);
    tree.appendChild(built.ul);
    nav.hidden = false;
    if (!pager) { return; }
    var at = -1;
    order.forEach(function (entry, i) { if (at < 0 && new URL(entry.href).pathname === here) { at = i; } });
    if (at < 0) { return; }
    if (at > 0) { pager.appendChild(link(order[at - 1], "prev", pager.getAttribute("data-previous"))); }
    if (at + 1 < order.length) { pager.appendChild(link(order[at + 1], "next", pager.getAttribute("data-next"))); }
    pager.hidden = !pager.firstChild;
  }).catch(function () { /* no navigation file (opened from disk): breadcrumbs remain */ });
}());
