// Annals: "copy link" controls beside each quotation and paragraph (issue 5).
// Without this script each control is a plain link to its anchor (#p3, #q-...), i.e. the permalink,
// named "Link to ..." for screen readers.
// With it, each is named "Copy link to ..." (paragraph controls get that as a title too; a quotation's
// shows who spoke instead, reading.js), and a click copies the full permalink (the page's canonical URL
// plus the anchor) to the clipboard, puts the anchor in the address bar and says so in a polite live
// region for screen readers. The script reads only the control's own href and the page's canonical
// link; it sets text with textContent only. Nothing from another site.
// It also follows an anchor that moved to another page (archive/redirects.yml): the old ID is kept on
// the page as a note "This passage has moved" (class annals-moved) with a link, which this follows.
(function () {
  "use strict";
  var live = null;

  function announce(message) {
    if (!live) {
      live = document.createElement("div");
      live.className = "annals-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      live.setAttribute("data-pagefind-ignore", "");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(canonical ? canonical.href : window.location.href, window.location.href);
    url.hash = "";
    url.search = "";
    return url.href;
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function followMoved() {
    var id;
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    var el = id ? document.getElementById(id) : null;
    if (!el || !el.classList.contains("annals-moved")) return;
    var to = new URL(el.getAttribute("data-moved-to") || "", window.location.href);
    if (to.origin === window.location.origin && to.href !== window.location.href) window.location.replace(to.href);
  }
  followMoved();
  window.addEventListener("hashchange", followMoved);

  function anchorOf(link) {
    var href = link.getAttribute("href") || "";
    var anchor = href.charAt(0) === "#" ? href.slice(1) : "";
    return /^[A-Za-z][A-Za-z0-9_-]*$/.test(anchor) ? anchor : null;
  }

  function enhance() {
    Array.prototype.forEach.call(document.querySelectorAll("a.annals-permalink"), function (link) {
      if (!anchorOf(link)) return;
      var what = (link.getAttribute("aria-label") || "").replace(/^Link to /, "");
      link.setAttribute("aria-label", "Copy link to " + what);
      if (link.classList.contains("annals-permalink-p")) link.setAttribute("title", "Link to " + what + " (click to copy)");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.annals-permalink") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var anchor = anchorOf(link);
    if (!anchor) return;
    event.preventDefault();
    var permalink = pageUrl() + "#" + anchor;
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", "#" + anchor);
    var what = (link.getAttribute("aria-label") || "").replace(/^Copy link to /, "");
    copy(permalink).then(function () {
      link.classList.add("annals-copied");
      window.setTimeout(function () { link.classList.remove("annals-copied"); }, 2000);
      announce("Link to " + what + " copied: " + permalink);
    }, function () {
      announce("Could not copy; the link to " + what + " is " + permalink);
    });
  });
})();
