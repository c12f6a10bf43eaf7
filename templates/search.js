// kbgen site search: the locale's Pagefind bundle, loaded on first use. Each result shows the
// article, the section of the best hit and an excerpt with the hit marked, and links to that
// section (or to the step the hit is in). Arrow keys move between the box and the results,
// Escape goes back to the box and clears it.
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box || !window.Intl || !Intl.PluralRules) { return; }
  var input = box.querySelector("input");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var lang = document.documentElement.lang || "en";
  var counts = {};
  try { counts = JSON.parse(box.getAttribute("data-counts")) || {}; } catch (e) { counts = {}; }
  var plural = new Intl.PluralRules(lang);
  var number = new Intl.NumberFormat(lang);
  var more = box.querySelector(".search-more");
  // the results of the last search, shown a page at a time ("more results")
  var current = { term: "", results: [], next: 0 };
  function pageSize() { return parseInt(box.getAttribute("data-page"), 10) || 10; }
  var loading = null;
  var asked = 0;

  // The locale's index is one or more Pagefind bundles (search/bundles.json): the first is
  // loaded, the others merged into it.
  function load() {
    if (!loading) {
      var folder = new URL(box.getAttribute("data-bundle"), document.baseURI);
      var root = new URL(box.getAttribute("data-root"), document.baseURI).pathname;
      loading = fetch(new URL("bundles.json", folder).href).then(function (response) {
        if (!response.ok) { throw new Error("no search index"); }
        return response.json();
      }).then(function (list) {
        var bundles = (list.bundles || []).map(function (b) { return new URL(b, folder).href; });
        if (!bundles.length) { return null; }
        return import(bundles[0] + "pagefind.js").then(function (pagefind) {
          return pagefind.options({ baseUrl: root })
            .then(function () { return pagefind.init(); })
            .then(function () {
              return Promise.all(bundles.slice(1).map(function (b) {
                return pagefind.mergeIndex(new URL(b).pathname, { baseUrl: root });
              }));
            })
            .then(function () { return pagefind; });
        });
      });
    }
    return loading;
  }

  function countText(n) {
    var pattern = counts[plural.select(n)] || counts.other || "{count}";
    return pattern.replace("{count}", number.format(n));
  }

  // Pagefind's excerpt is the page's text with the hits in <mark>: keep only text and marks.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "search-excerpt";
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  // The place on the page the hits point to: the section with the most hits, and within it the
  // step that holds most of them (so "stap 3" goes to step 3).
  function target(data) {
    var best = null;
    (data.sub_results || []).forEach(function (sub) {
      if (!best || sub.locations.length > best.locations.length) { best = sub; }
    });
    if (!best) { return { url: data.url, section: "", excerpt: data.excerpt }; }
    var url = best.url;
    var steps = (data.anchors || []).filter(function (a) { return a.element === "li" && /^step-/.test(a.id); })
      .sort(function (a, b) { return a.location - b.location; });
    var hits = best.locations;
    var top = null;
    var most = 0;
    steps.forEach(function (step, i) {
      var end = i + 1 < steps.length ? steps[i + 1].location : Infinity;
      var inside = hits.filter(function (l) { return l >= step.location && l < end; }).length;
      if (inside > most) { most = inside; top = step; }
    });
    if (top) { url = url.split("#")[0] + "#" + top.id; }
    var section = best.title && best.title !== data.meta.title ? best.title : "";
    return { url: url, section: section, excerpt: best.excerpt };
  }

  // Pagefind answers a word it does not have with the longest word it has that begins the same
  // way ("immediately" finds the Swedish "i"). A result counts only when, for every term typed,
  // one of its hit words shares most of the term's letters: word forms still match
  // ("wachtwoorden" finds "wachtwoord"), English typed on a Swedish site does not. Terms in
  // scripts written without spaces are left to Pagefind's word segmentation.
  var unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase(lang);
  }
  function shared(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) { n += 1; }
    return n;
  }
  function genuine(term, data) {
    var content = data.raw_content || data.content || "";
    var words = content.indexOf("\u200B") >= 0 ? content.split("\u200B") : content.split(/[^\S\uFEFF]+/);
    var hits = [];
    (data.locations || []).forEach(function (at) {
      fold(words[at] || "").split(/[^\p{L}\p{N}]+/u).forEach(function (w) { if (w) { hits.push(w); } });
    });
    return term.split(/\s+/).every(function (typed) {
      var t = fold(typed).replace(/[^\p{L}\p{N}]+/gu, "");
      if (!t || unspaced.test(t)) { return true; }
      var need = Math.min(t.length, Math.max(3, Math.ceil(t.length * 0.6)));
      return hits.some(function (w) { return shared(t, w) >= need; });
    });
  }

  function item(data) {
    var place = target(data);
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = place.url;
    var title = document.createElement("span");
    title.className = "search-title";
    title.textContent = data.meta.title || data.url;
    a.appendChild(title);
    if (place.section) {
      var section = document.createElement("span");
      section.className = "search-section";
      section.textContent = place.section;
      a.appendChild(section);
    }
    li.appendChild(a);
    li.appendChild(excerpt(place.excerpt));
    list.appendChild(li);
    return a;
  }

  // Shows the next page of the current results; the first link added is returned.
  function showMore(mine) {
    var from = current.next;
    var page = current.results.slice(from, from + pageSize());
    current.next = from + page.length;
    return Promise.all(page.map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== asked) { return null; }
      var first = null;
      datas.filter(function (data) { return genuine(current.term, data); }).forEach(function (data) {
        var a = item(data);
        first = first || a;
      });
      more.hidden = current.next >= current.results.length;
      return first;
    });
  }

  function clear() {
    list.textContent = "";
    status.textContent = "";
    more.hidden = true;
    current = { term: "", results: [], next: 0 };
  }

  function search() {
    var term = input.value.trim();
    var mine = ++asked;
    if (!term) { clear(); return; }
    load().then(function (pagefind) {
      // a locale without articles in its own language has no bundle: nothing to find
      return pagefind ? pagefind.debouncedSearch(term, {}, 200) : { results: [] };
    }).then(function (found) {
      if (!found || mine !== asked) { return null; }
      var results = found.results;
      var check = results.length ? results[0].data() : Promise.resolve(null);
      return check.then(function (first) {
        if (mine !== asked) { return null; }
        // a term Pagefind stood in for does so in every result: the first one tells
        if (first && !genuine(term, first)) { results = []; }
        clear();
        current = { term: term, results: results, next: 0 };
        return showMore(mine).then(function () {
          if (mine !== asked) { return; }
          // every result was checked when all are shown; past that, Pagefind's count stands
          var total = more.hidden ? list.children.length : results.length;
          status.textContent = total ? countText(total) : box.getAttribute("data-none");
        });
      });
    }).catch(function () {
      if (mine === asked) { clear(); status.textContent = box.getAttribute("data-failed"); }
    });
  }

  more.addEventListener("click", function () {
    var mine = asked;
    showMore(mine).then(function (first) { if (first) { first.focus(); } });
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("input", search);
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  box.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) {
      all[Math.min(at + 1, all.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && at >= 0) {
      if (at === 0) { input.focus(); } else { all[at - 1].focus(); }
      event.preventDefault();
    } else if (event.key === "Escape") {
      input.value = "";
      asked += 1;
      clear();
      input.focus();
    }
  });
  box.hidden = false;
}());
