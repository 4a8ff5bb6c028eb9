// Annals: the quotations table, enhanced. Without this script the table and its pages work as they are.
// With it: select boxes filter the rows in place (official, election, year, kind, words), and "all pages"
// filters every quotation of the archive from data/quotes.json + data/articles.json (the same records the
// pages are built from). The filters live in the address (quotes/?year=2020&kind=full): such an address
// filters the whole archive on arrival, and every choice updates it, so a filtered list can be shared
// (the former per-year and per-kind pages redirect there). The year and kind choices cover the whole
// archive (the table's data-facets); the others grow from the archive once it is loaded. Text is only
// ever set with textContent: nothing from the data is parsed as HTML. No framework, nothing from another
// site.
(function () {
  "use strict";
  var FIELDS = [
    ["speaker", "Official", 1],
    ["election", "Election", 4],
    ["year", "Year", 0],
    ["kind", "Kind", 3]
  ];
  var LIMIT = 500;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function options(rows, field, column) {
    var seen = {};
    rows.forEach(function (tr) {
      var value = tr.getAttribute("data-" + field);
      var link = tr.cells[column].querySelector("a");  // the speaker's name, without an unlisted one's title
      if (value && !(value in seen)) seen[value] = (link || tr.cells[column]).textContent.trim();
    });
    return Object.keys(seen).sort().map(function (v) { return [v, seen[v]]; });
  }

  function enhance(table) {
    if (table.hasAttribute("data-enhanced")) return;
    table.setAttribute("data-enhanced", "");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var form = el("form", { "class": "annals-filter", role: "search", "aria-label": "Filter quotations" });
    var selects = {};
    // A responsive form (issue 19, item 5): each label above its field, the fields in as many columns as fit.
    function field(text, control, cls) {
      var label = el("label", { "class": cls || "annals-filter-field" });
      label.appendChild(el("span", { "class": "annals-filter-label" }, text));
      label.appendChild(control);
      form.appendChild(label);
    }
    FIELDS.forEach(function (f) {
      var select = el("select", { name: f[0] });
      select.appendChild(el("option", { value: "" }, "any"));
      options(rows, f[0], f[2]).forEach(function (o) { select.appendChild(el("option", { value: o[0] }, o[1])); });
      field(f[1], select);
      selects[f[0]] = select;
    });
    var words = el("input", { type: "search", name: "q", placeholder: "words in the quotation" });
    field("Words", words);
    var all = el("input", { type: "checkbox", name: "all" });
    var al = el("label", { "class": "annals-filter-check" });
    al.appendChild(all);
    al.appendChild(document.createTextNode(" all pages (the whole archive)"));
    form.appendChild(al);
    var status = el("p", { "class": "annals-filter-status", role: "status", "aria-live": "polite" });
    table.parentNode.insertBefore(form, table);
    table.parentNode.insertBefore(status, table);

    // Every year and kind of the archive (not only this page's), from the table's data-facets.
    var facets = {};
    try { facets = JSON.parse(table.getAttribute("data-facets") || "{}") || {}; } catch (e) { facets = {}; }
    function addOption(name, value, label) {
      var select = selects[name];
      for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return;
      select.appendChild(el("option", { value: value }, label || value));
    }
    Object.keys(facets).forEach(function (name) {
      if (selects[name] && Array.isArray(facets[name])) {
        facets[name].forEach(function (o) { if (Array.isArray(o)) addOption(name, String(o[0]), String(o[1])); });
      }
    });

    // The filters given in the address.
    var params = new URLSearchParams(location.search);
    var given = false;
    FIELDS.forEach(function (f) {
      var v = params.get(f[0]);
      if (v) { addOption(f[0], v, v); selects[f[0]].value = v; given = true; }
    });
    if (params.get("q")) { words.value = params.get("q"); given = true; }

    function remember() {
      var out = new URLSearchParams();
      FIELDS.forEach(function (f) { if (selects[f[0]].value) out.set(f[0], selects[f[0]].value); });
      if (words.value.trim()) out.set("q", words.value.trim());
      var search = out.toString() ? "?" + out.toString() : "";
      if (search !== location.search) history.replaceState(null, "", location.pathname + search + location.hash);
    }

    var root = table.getAttribute("data-site-root") || "./";
    var archive = null; // [{tr-like record}] once loaded

    function wanted() {
      var w = {};
      FIELDS.forEach(function (f) { w[f[0]] = selects[f[0]].value; });
      w.q = words.value.trim().toLowerCase();
      return w;
    }

    function matches(rec, w) {
      return (!w.speaker || rec.speaker === w.speaker) &&
        (!w.election || rec.elections.indexOf(w.election) >= 0) &&
        (!w.year || rec.year === w.year) && (!w.kind || rec.kind === w.kind) &&
        (!w.q || rec.text.toLowerCase().indexOf(w.q) >= 0);
    }

    function fromRow(tr) {
      return {
        speaker: tr.getAttribute("data-speaker"), elections: [tr.getAttribute("data-election")],
        year: tr.getAttribute("data-year"), kind: tr.getAttribute("data-kind"), text: tr.cells[2].textContent
      };
    }

    // Who said it, as the table's own rows say it (quotes_page.speaker_cell): the name, with the title the
    // text gives an unlisted speaker; "unattributed" with its reason on hover and focus; never a guess.
    function speakerCell(rec) {
      var td = el("td", {});
      if (rec.kind === "scare") {
        td.appendChild(el("span", { "class": "annals-basis" }, "no speaker"));
      } else if (!rec.name || rec.speaker_kind === "none") {
        var u = el("span", { "class": "annals-unattributed" }, "unattributed");
        if (rec.reason) {
          u.setAttribute("tabindex", "0");
          u.appendChild(el("span", { "class": "annals-reason" }, " (" + rec.reason + ")"));
        }
        td.appendChild(u);
      } else {
        td.appendChild(document.createTextNode(rec.name));
        if (rec.speaker_title && !rec.speaker_id) td.appendChild(el("span", { "class": "annals-basis" }, ", " + rec.speaker_title));
      }
      return td;
    }

    function rowFor(rec) {
      var tr = el("tr", { "data-quote": rec.id });
      tr.appendChild(el("td", {}, rec.date || "undated"));
      tr.appendChild(speakerCell(rec));
      var td = el("td", {});
      var a = el("a", { href: root + rec.url });
      a.appendChild(el("q", {}, rec.text));
      td.appendChild(a);
      tr.appendChild(td);
      tr.appendChild(el("td", {}, rec.kind));
      tr.appendChild(el("td", {}, rec.elections.join(", ")));
      tr.appendChild(el("td", {}, rec.title || rec.article_id));
      return tr;
    }

    function apply() {
      var w = wanted();
      if (all.checked && archive) {
        var hits = archive.filter(function (r) { return matches(r, w); });
        body.textContent = "";
        hits.slice(0, LIMIT).forEach(function (r) { body.appendChild(rowFor(r)); });
        status.textContent = hits.length + " of " + archive.length + " quotations in the archive" +
          (hits.length > LIMIT ? " (first " + LIMIT + " shown)" : "") + ".";
        return;
      }
      if (body.rows.length !== rows.length || body.rows[0] !== rows[0]) {
        body.textContent = "";
        rows.forEach(function (tr) { body.appendChild(tr); });
      }
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = matches(fromRow(tr), w);
        tr.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " quotations on this page.";
    }

    function load() {
      var qs = table.getAttribute("data-quotes-json");
      var as = qs.replace(/quotes\.json$/, "articles.json");
      status.textContent = "Loading every quotation…";
      Promise.all([fetch(qs), fetch(as)]).then(function (rs) {
        if (!rs[0].ok || !rs[1].ok) throw new Error("not found");
        return Promise.all([rs[0].json(), rs[1].json()]);
      }).then(function (data) {
        var arts = {};
        data[1].forEach(function (a) { arts[a.id] = a; });
        archive = data[0].map(function (q) {
          var a = arts[q.article_id] || {};
          return {
            id: q.id, url: q.url, text: q.text || "", kind: q.kind, name: q.speaker, speaker_id: q.speaker_id,
            speaker_kind: q.speaker_kind, speaker_title: q.speaker_title, reason: q.unattributed_reason,
            speaker: q.speaker_id || (q.speaker ? "unlisted:" + q.speaker : ""),
            elections: a.elections || [], year: a.date ? a.date.slice(0, 4) : "", date: a.date,
            title: a.title, article_id: q.article_id
          };
        });
        archive.forEach(function (r) {
          if (r.speaker) addOption("speaker", r.speaker, r.name);
          r.elections.forEach(function (e) { addOption("election", e, e); });
        });
        apply();
      }).catch(function () {
        all.checked = false;
        status.textContent = "The archive's quotation data could not be loaded; filtering this page only.";
      });
    }

    form.addEventListener("input", function (e) {
      remember();
      if (e.target === all && all.checked && !archive) { load(); return; }
      apply();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    if (given) {  // an address with filters: the whole archive
      all.checked = true;
      load();
    } else {
      apply();
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-annals-quotes]"), enhance);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
