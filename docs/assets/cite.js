// Annals: the cite control (issue 19, item 4). Without this script each "Cite" is a link: a quotation's to
// the article's cite section, the article's to its citations file (cite/<id>.html, a plain page).
// With it, "Cite" opens a dialog with the three styles (APA 7, MLA 9, Chicago 17), a copy button for
// each, the permanent link with a copy button, and the downloads (BibTeX, RIS, CSL-JSON). The styles
// are loaded once per page from the article's citations file; a quotation's citation is the archive
// copy's, with the quotation's own address in place of the page's.
// Safety: the file is our own, but nothing in it is inserted as HTML. It is parsed with DOMParser
// (which runs nothing) and rebuilt node by node: text, and only the formatting elements the citation
// processor writes (i, b, sup, sub, span.annals-smallcaps). Every other element keeps only its text.
// No form, no input: the dialog is made of buttons, links and text.
(function () {
  "use strict";
  var FORMAT = { I: "i", B: "b", SUP: "sup", SUB: "sub" };
  var loaded = null;   // Promise of {page, styles: [{key, label, original, archive}]}
  var dialog = null;
  var opener = null;
  var live = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Rebuild a parsed node in this document: text and whitelisted formatting only.
  function rebuild(node) {
    if (node.nodeType === 3) return document.createTextNode(node.nodeValue);
    if (node.nodeType !== 1) return document.createTextNode("");
    var tag = FORMAT[node.tagName];
    var out;
    if (tag) out = document.createElement(tag);
    else if (node.tagName === "SPAN" && node.getAttribute("class") === "annals-smallcaps") out = el("span", { "class": "annals-smallcaps" });
    else out = document.createDocumentFragment();
    Array.prototype.forEach.call(node.childNodes, function (child) { out.appendChild(rebuild(child)); });
    return out;
  }

  function entry(p) {
    var out = el("p", { "class": "annals-cite-entry" });
    if (p) Array.prototype.forEach.call(p.childNodes, function (child) { out.appendChild(rebuild(child)); });
    return out;
  }

  function fileUrl() {
    var section = document.querySelector("section.annals-cite[data-cite-file]");
    return section ? new URL(section.getAttribute("data-cite-file"), window.location.href) : null;
  }

  function load() {
    if (loaded) return loaded;
    var url = fileUrl();
    if (!url || url.origin !== window.location.origin) return Promise.reject(new Error("no citations file"));
    loaded = fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var main = doc.querySelector("main.annals-citations");
      if (!main) throw new Error("not a citations file");
      var styles = Array.prototype.map.call(main.querySelectorAll("section[data-style]"), function (s) {
        var h = s.querySelector("h2");
        return {
          key: s.getAttribute("data-style"),
          label: h ? h.textContent : "",
          original: s.querySelector('[data-cite="original"]'),
          archive: s.querySelector('[data-cite="archive"]')
        };
      });
      return { page: main.getAttribute("data-page") || "", styles: styles };
    });
    loaded.catch(function () { loaded = null; });
    return loaded;
  }

  // The archive copy's entry with the quotation's address in place of the page's (the last occurrence).
  function withAnchor(p, page, anchored) {
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    var last = null;
    while (walker.nextNode()) if (walker.currentNode.nodeValue.indexOf(page) >= 0) last = walker.currentNode;
    if (!last) return false;
    var at = last.nodeValue.lastIndexOf(page);
    last.nodeValue = last.nodeValue.slice(0, at) + anchored + last.nodeValue.slice(at + page.length);
    return true;
  }

  function announce(message) {
    if (!live) {
      live = el("div", { "class": "annals-live", role: "status", "aria-live": "polite" });
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function copy(text, html, button) {
    var done = function () {
      var was = button.textContent;
      button.textContent = "Copied";
      announce("Copied: " + text);
      window.setTimeout(function () { button.textContent = was; }, 1500);
    };
    var fail = function () { announce("Could not copy; select the text and copy it."); };
    if (navigator.clipboard && window.isSecureContext) {
      if (html && window.ClipboardItem && navigator.clipboard.write) {
        var item = new window.ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" })
        });
        navigator.clipboard.write([item]).then(done, function () {
          navigator.clipboard.writeText(text).then(done, fail);
        });
      } else {
        navigator.clipboard.writeText(text).then(done, fail);
      }
      return;
    }
    fail();
  }

  function copyButton(label, getText, getHtml) {
    var b = el("button", { type: "button", "class": "annals-copy", "aria-label": label }, "Copy");
    b.addEventListener("click", function () { copy(getText(), getHtml ? getHtml() : null, b); });
    return b;
  }

  function build() {
    dialog = el("dialog", { "class": "annals-cite-dialog", "aria-labelledby": "annals-cite-title", "data-pagefind-ignore": "" });
    var head = el("div", { "class": "annals-cite-head" });
    head.appendChild(el("h2", { id: "annals-cite-title" }, "Cite"));
    var close = el("button", { type: "button", "class": "annals-cite-close", "aria-label": "Close" }, "\u00d7");
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(close);
    dialog.appendChild(head);
    dialog.appendChild(el("div", { "class": "annals-cite-body" }));
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      if (opener && opener.focus) opener.focus({ preventScroll: true });
      opener = null;
    });
    document.body.appendChild(dialog);
  }

  function pageAddress(data) {
    var canonical = document.querySelector('link[rel="canonical"]');
    return data.page || (canonical ? canonical.href.split("#")[0] : window.location.href.split("#")[0]);
  }

  function fill(body, data, quoteId) {
    body.textContent = "";
    var page = pageAddress(data);
    var address = quoteId ? page + "#" + quoteId : page;
    if (quoteId) {
      var about = document.getElementById(quoteId + "-about");
      var link = document.querySelector('.annals-quote-item a.annals-quote-link[href="#' + quoteId + '"]');
      var what = el("p", { "class": "annals-cite-what" });
      if (link) what.appendChild(document.createTextNode(link.textContent));
      if (about) what.appendChild(document.createTextNode(" \u2014 " + about.textContent.replace(/\s+/g, " ").trim()));
      body.appendChild(what);
      body.appendChild(el("p", { "class": "annals-basis" },
        "This archive copy, at the quotation's own address. Cite the original article too (\u201cCite this article\u201d) for what the newspaper said."));
    } else {
      body.appendChild(el("p", { "class": "annals-basis" },
        "First the original article, then this archive copy (its permanent address and the date of this edition of the archive)."));
    }
    data.styles.forEach(function (style) {
      var section = el("section", { "class": "annals-cite-style", "data-style": style.key });
      section.appendChild(el("h3", {}, style.label));
      var entries = quoteId ? [style.archive] : [style.original, style.archive];
      entries.forEach(function (source) {
        if (!source) return;
        var row = el("div", { "class": "annals-cite-row" });
        var p = entry(source);
        if (quoteId && !withAnchor(p, page, address)) p.appendChild(document.createTextNode(" " + address));
        row.appendChild(p);
        row.appendChild(copyButton("Copy the " + style.label + " citation" + (entries.length > 1 ? (source === style.original ? " of the original" : " of the archive copy") : ""),
          function () { return p.textContent; }, function () { return p.innerHTML; }));
        section.appendChild(row);
      });
      body.appendChild(section);
    });
    var linkRow = el("div", { "class": "annals-cite-row annals-cite-link" });
    var code = el("code", {}, address);
    var p2 = el("p", {});
    p2.appendChild(document.createTextNode("Permanent link: "));
    p2.appendChild(code);
    linkRow.appendChild(p2);
    linkRow.appendChild(copyButton("Copy the permanent link", function () { return address; }));
    body.appendChild(linkRow);
    var downloads = document.querySelector("section.annals-cite .annals-cite-downloads");
    if (downloads) body.appendChild(downloads.cloneNode(true));
  }

  function open(control) {
    if (!dialog) build();
    opener = control;
    var quoteId = control.getAttribute("data-cite-quote");
    if (quoteId && !/^q-[0-9a-f]+(-\d+)?$/.test(quoteId)) quoteId = null;
    dialog.querySelector("#annals-cite-title").textContent = quoteId ? "Cite this quotation" : "Cite this article";
    var body = dialog.querySelector(".annals-cite-body");
    body.textContent = "";
    body.appendChild(el("p", { "class": "annals-basis" }, "Loading the citations\u2026"));
    if (!dialog.open) dialog.showModal();
    load().then(function (data) { fill(body, data, quoteId); }, function () {
      body.textContent = "";
      var p = el("p", {}, "Could not load the citations. ");
      var url = fileUrl();
      if (url) p.appendChild(el("a", { href: url.href }, "Open them on their own page."));
      body.appendChild(p);
    });
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest("a.annals-cite-control") : null;
    if (!control || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (!window.HTMLDialogElement || !window.fetch || !window.DOMParser) return;  // the link works as it is
    event.preventDefault();
    open(control);
  });

  // role=button: Space opens it too, as it would a button.
  document.addEventListener("keydown", function (event) {
    var control = event.target.closest ? event.target.closest("a.annals-cite-control[role=button]") : null;
    if (!control || event.key !== " ") return;
    event.preventDefault();
    open(control);
  });

  function enhance() {
    if (!window.HTMLDialogElement) return;
    Array.prototype.forEach.call(document.querySelectorAll("a.annals-cite-control"), function (a) {
      a.setAttribute("role", "button");
      a.setAttribute("aria-haspopup", "dialog");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
