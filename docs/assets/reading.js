// Annals: the article page, enhanced (issue 19). Without this script every marker is a link to its note
// in the numbered list below the text, every quotation says who spoke in its title (shown on hover), and
// the boxes above the text are open.
// With it:
// - a note opens beside its marker on click, on hover and on keyboard focus (Escape or a click elsewhere
//   closes it); pressing Enter on a focused marker still goes to the note in the list;
// - who spoke, the kind and the confidence of a quotation open beside it on hover, and beside its
//   copy-link control (#) on keyboard focus;
// - on a narrow screen the facts and the editors' box above the text start folded.
// The popover shows a copy of the page's own note (cloneNode of the list item, ids removed): nothing is
// parsed as HTML, nothing is fetched. It is hidden from screen readers (aria-hidden), which read the same
// note through the marker's aria-describedby.
(function () {
  "use strict";
  var pop = null;        // the one popover element
  var owner = null;      // the element the popover is open for
  var pinned = false;    // opened by a click: stays until Escape or a click elsewhere
  var hideTimer = 0;
  var showTimer = 0;
  var NARROW = "(max-width: 44.9375em)";  // Material's breakpoint below which the sidebars fold away

  function popover() {
    if (pop) return pop;
    pop = document.createElement("div");
    pop.className = "annals-pop";
    pop.setAttribute("aria-hidden", "true");
    pop.setAttribute("data-pagefind-ignore", "");
    pop.hidden = true;
    pop.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { if (!pinned) hideSoon(); });
    document.body.appendChild(pop);
    return pop;
  }

  function contentFor(el) {
    var id = null;
    if (el.classList.contains("annals-marker")) {
      id = (el.getAttribute("aria-describedby") || "").split(" ")[0];
    } else if (el.hasAttribute("data-quote-id")) {
      id = el.getAttribute("data-quote-id") + "-about";
    } else {
      id = (el.getAttribute("aria-describedby") || "").split(" ")[0];
    }
    var source = id ? document.getElementById(id) : null;
    if (!source) return null;
    var copy = source.cloneNode(true);
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
    Array.prototype.forEach.call(copy.querySelectorAll("a, button, [tabindex]"), function (n) { n.setAttribute("tabindex", "-1"); });
    return copy;
  }

  function place(el) {
    var p = popover();
    var r = el.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    p.style.left = "0px";
    p.style.top = "0px";
    p.style.maxWidth = Math.min(vw - 16, 400) + "px";
    var w = p.offsetWidth;
    var h = p.offsetHeight;
    var left = Math.max(8, Math.min(r.left - 8, vw - w - 8));  // beside where the marker or quotation begins
    var below = r.bottom + 8;
    var top = (below + h > window.innerHeight && r.top - 8 - h > 0) ? r.top - 8 - h : below;
    p.style.left = (left + window.scrollX) + "px";
    p.style.top = (top + window.scrollY) + "px";
  }

  function show(el, pin) {
    window.clearTimeout(hideTimer);
    window.clearTimeout(showTimer);
    if (owner === el && !pop.hidden) {
      pinned = pinned || !!pin;
      return;
    }
    var content = contentFor(el);
    if (!content) return;
    var p = popover();
    p.textContent = "";
    p.appendChild(content);
    p.className = "annals-pop" + (el.classList.contains("annals-marker") ? " annals-pop-note" : " annals-pop-quote");
    p.hidden = false;
    if (owner && owner !== el) owner.removeAttribute("aria-expanded");
    owner = el;
    pinned = !!pin;
    if (el.classList.contains("annals-marker")) el.setAttribute("aria-expanded", "true");
    place(el);
  }

  function hide() {
    window.clearTimeout(hideTimer);
    if (pop) pop.hidden = true;
    if (owner) owner.removeAttribute("aria-expanded");
    owner = null;
    pinned = false;
  }

  function hideSoon() {
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, 300);
  }

  function target(node) {
    if (!node || !node.closest) return null;
    return node.closest("a.annals-marker, .annals-source .annals-quote[data-quote-id], a.annals-permalink-q");
  }

  function enhance() {
    // The popover replaces the native tooltip of a quotation (its title), which would show the same line twice.
    Array.prototype.forEach.call(document.querySelectorAll(".annals-source .annals-quote[title]"), function (q) {
      q.setAttribute("data-about", q.getAttribute("title"));
      q.removeAttribute("title");
    });
    if (window.matchMedia && window.matchMedia(NARROW).matches) {
      Array.prototype.forEach.call(document.querySelectorAll("details.annals-fold[open]"), function (d) {
        var hash = window.location.hash.slice(1);
        var inside = false;
        try { inside = !!(hash && d.querySelector("[id='" + decodeURIComponent(hash).replace(/'/g, "") + "']")); } catch (e) { inside = false; }
        if (!inside) d.open = false;
      });
    }
  }

  document.addEventListener("mouseover", function (event) {
    var el = target(event.target);
    if (!el) return;
    if (el === owner) { window.clearTimeout(hideTimer); return; }
    if (pinned) return;
    window.clearTimeout(showTimer);
    showTimer = window.setTimeout(function () { show(el, false); }, 150);
  });

  document.addEventListener("mouseout", function (event) {
    var el = target(event.target);
    if (!el) return;
    window.clearTimeout(showTimer);
    if (el === owner && !pinned && !(event.relatedTarget && el.contains(event.relatedTarget))) hideSoon();
  });

  document.addEventListener("focusin", function (event) {
    var el = target(event.target);
    if (el && el.tagName === "A") show(el, false);
  });

  document.addEventListener("focusout", function (event) {
    var el = target(event.target);
    if (el && el === owner && !pinned) hideSoon();
  });

  document.addEventListener("click", function (event) {
    var marker = event.target.closest ? event.target.closest("a.annals-marker") : null;
    if (marker) {
      // A click with a pointer opens the note here; Enter on a focused marker (detail 0) follows the link
      // to the note in the list; a modified click opens the link as the browser does.
      if (event.detail === 0 || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        hide();
        return;
      }
      event.preventDefault();
      if (owner === marker && pinned) hide();
      else { show(marker, true); marker.focus({ preventScroll: true }); }
      return;
    }
    if (pop && !pop.hidden && !pop.contains(event.target)) hide();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && pop && !pop.hidden) {
      var was = owner;
      hide();
      if (was && was.focus) was.focus({ preventScroll: true });
    }
  });

  window.addEventListener("resize", function () { if (owner && pop && !pop.hidden) place(owner); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
