/* Search with Pagefind (issue 6): the header's search box and the Search page.
 *
 * Pagefind's index sits in the site's own `pagefind/` folder (written by `annals build`); it is
 * loaded from the site root, which the header gives relative to the page (`data-base`, MkDocs'
 * base_url), so it works at every page depth and under any path.  No request leaves the site.
 *
 * Everything shown comes from the index, which holds source text: it is put on the page as text
 * (textContent), never as HTML.  Pagefind's excerpts mark matches with <mark> and escape < and >;
 * they are split on the marks and each piece is shown as text.
 *
 * Pagefind keeps one index per language (each page under its <html lang>, stemmed for that language:
 * a Russian source's page under "ru").  Every language gets a copy of pagefind.js of its own (Pagefind
 * keeps one WebAssembly module, with one language's stemmer, per copy), searching that language's index
 * in every shard; a query is searched in all languages and the results merged by score (doc/russian.md).
 * The interface stays English.
 */
(function () {
  "use strict";

  var FILTERS = ["official", "election", "year", "publisher", "kind", "language"];
  var LABELS = {official: "Official", election: "Election", year: "Year", publisher: "Publisher", kind: "Kind",
                language: "Language"};
  var HEADER_RESULTS = 8;
  var PAGE_SIZE = 20;

  var box = document.querySelector("[data-annals-search]");
  if (!box) return;
  var root = new URL(box.getAttribute("data-base") || "./", location.href);
  var rootPath = root.pathname.replace(/\/?$/, "/");
  var pagefind = null;

  function load() {
    if (!pagefind) {
      var base = new URL("pagefind/", root);
      var json = function (url) {
        return fetch(url).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
      };
      // The index is in shards (publish/pagefind.py): pagefind/ and the folders shards.json names;
      // each shard's entry lists its languages.
      pagefind = json(new URL("shards.json", base).href).then(function (shards) {
        var folders = [""].concat(Array.isArray(shards) ? shards.filter(function (s) { return /^[a-z0-9-]+$/.test(s); }) : []);
        return Promise.all(folders.map(function (f) {
          return json(new URL((f ? f + "/" : "") + "pagefind-entry.json", base).href);
        })).then(function (entries) {
          var own = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
          var where = {};  // language -> the folders whose index has it
          entries.forEach(function (entry, k) {
            Object.keys((entry && entry.languages) || {}).forEach(function (l) { (where[l] = where[l] || []).push(folders[k]); });
          });
          // every language of every shard is searched: its instance starts in the first folder that has it,
          // which holds its WebAssembly (publish/pagefind.py; a merged index has every language in pagefind/)
          var languages = Object.keys(where).sort();
          if (!languages.length) { languages = [own]; where[own] = [""]; }
          if (languages.indexOf(own) > 0) languages = [own].concat(languages.filter(function (l) { return l !== own; }));
          var instances = [];
          return languages.reduce(function (chain, language) {
            return chain.then(function () { return instanceFor(language, own, base, where[language]); }).then(function (pf) {
              instances.push(pf);
            });
          }, Promise.resolve()).then(function () { return combined(instances); });
        });
      });
    }
    return pagefind;
  }

  /* Pagefind for one language: a copy of pagefind.js of its own (pagefind.js?language=ru: another module,
     another WebAssembly module with that language's stemmer), made while <html lang> names the language
     (Pagefind 1.5 takes it from there), started in the first folder that has the language (its
     basePath: entry, index and WebAssembly come from there), with the language's index of every other
     shard merged in. */
  function instanceFor(language, own, base, folders) {
    var url = new URL("pagefind.js", base);
    if (language !== own) url.search = "?language=" + encodeURIComponent(language);
    return import(url.href).then(function (pf) {
      // noWorker: search runs on the page (the index is small per query); Pagefind would otherwise
      // fetch its 41 KB worker script before the first results.
      var opts = {baseUrl: rootPath, noWorker: true};
      if (folders[0]) opts.basePath = new URL(folders[0] + "/", base).pathname;
      return pf.options(opts).then(function () {
        var html = document.documentElement, was = html.getAttribute("lang"), ready;
        html.setAttribute("lang", language);
        try {
          ready = pf.init();  // Pagefind reads <html lang> as this call starts
        } finally {
          if (was === null) html.removeAttribute("lang"); else html.setAttribute("lang", was);
        }
        return ready;
      }).then(function () {
        return Promise.all(folders.slice(1).map(function (f) {
          return pf.mergeIndex(new URL(f + "/", base).pathname, {language: language});
        }));
      }).then(function () { return pf; });
    });
  }

  /* The languages' Pagefinds as one: the results of all, by score; filter counts added up. */
  function combined(instances) {
    if (instances.length === 1) return instances[0];
    function addCounts(all) {
      var out = {};
      all.forEach(function (filters) {
        Object.keys(filters || {}).forEach(function (name) {
          out[name] = out[name] || {};
          Object.keys(filters[name]).forEach(function (v) { out[name][v] = (out[name][v] || 0) + filters[name][v]; });
        });
      });
      return out;
    }
    return {
      search: function (q, options) {
        return Promise.all(instances.map(function (pf) { return pf.search(q, options); })).then(function (all) {
          var results = [];
          all.forEach(function (res) { results = results.concat((res && res.results) || []); });
          results.sort(function (a, b) { return (b.score || 0) - (a.score || 0); });
          return {results: results, filters: addCounts(all.map(function (res) { return res && res.filters; })),
                  unfilteredResultCount: all.reduce(function (n, res) { return n + ((res && res.unfilteredResultCount) || 0); }, 0)};
        });
      },
      filters: function () {
        return Promise.all(instances.map(function (pf) { return pf.filters(); })).then(addCounts);
      }
    };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpt as nodes: text pieces, and <mark> elements around the matches. */
  function excerpt(html) {
    var frag = document.createDocumentFragment();
    String(html || "").split(/(<mark>|<\/mark>)/).reduce(function (inMark, piece) {
      if (piece === "<mark>") return true;
      if (piece === "</mark>") return false;
      var text = piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (text) frag.appendChild(inMark ? el("mark", {}, text) : document.createTextNode(text));
      return inMark;
    }, false);
    return frag;
  }

  /* A quotation found inside an article: its words from the article's indexed text (`data.content`,
     one word per Pagefind word position), the matched words marked. */
  function quoteWords(item) {
    var frag = document.createDocumentFragment(), last = item.words.length - 1;
    item.words.forEach(function (w, i) {
      var text = w.text;
      if (i === 0) text = text.replace(/^["\u201c\u201d\u00ab\u00bb\u201e'\u2018\u2019]+/, "");  // the source's own marks:
      if (i === last) text = text.replace(/["\u201c\u201d\u00ab\u00bb\u201e'\u2018\u2019]+$/, "");  // ours stand around
      if (i) frag.appendChild(document.createTextNode(" "));
      frag.appendChild(w.hit ? el("mark", {}, text) : document.createTextNode(text));
    });
    return frag;
  }

  /* "reported by N outlets", a link to the statement's page (issue 22). */
  function reportedBy(statement) {
    var p = el("p", {"class": "annals-search-reported"});
    p.appendChild(el("a", {href: statement.href, "class": "annals-search-statement-link"},
                     "reported by " + count(statement.outlets, "outlet")));
    return p;
  }

  /* One result: a quotation (speaker, words, article), an article page (title, excerpt) or a statement
     page (title, excerpt).  A quotation or statement page of a statement reported by several articles
     says so, "reported by N outlets", with a link to the statement's page. */
  function result(item, full) {
    var data = item.page, meta = data.meta || {};
    var quote = item.quote;
    var kind = quote ? " annals-search-quote" : (item.statement ? " annals-search-statement" : "");
    var li = el("li", {"class": "md-search-result__item annals-search-result" + kind});
    var a = el("a", {"class": "md-search-result__link", href: quote ? data.url + "#" + quote.id : data.url});
    var art = el("article", {"class": "md-search-result__article md-typeset"});
    var head = el(full ? "h2" : "h1", {"class": "annals-search-title"});
    if (quote) {
      head.textContent = (quote.speaker ? quote.speaker + ": " : "") + quote.kind;
      var words = el("p", {"class": "annals-search-words"});
      words.appendChild(document.createTextNode("“"));
      words.appendChild(quoteWords(item));
      words.appendChild(document.createTextNode("”"));
      art.appendChild(head);
      art.appendChild(words);
      art.appendChild(el("p", {"class": "annals-search-source"}, "in " + (meta.title || data.url)));
    } else {
      head.textContent = meta.title || data.url;
      art.appendChild(head);
      var p = el("p", {"class": "annals-search-excerpt"});
      p.appendChild(excerpt(data.excerpt));
      art.appendChild(p);
    }
    var facts = [meta.date, meta.publisher].filter(Boolean).join(" · ");
    if (facts) art.appendChild(el("p", {"class": "annals-search-facts"}, facts));
    a.appendChild(art);
    li.appendChild(a);
    if (item.statement) li.appendChild(reportedBy(item.statement));
    return li;
  }

  /* The query and filters from a URL's search part (`q`, one parameter per filter value). */
  function stateFrom(search) {
    var params = new URLSearchParams(search);
    var state = {q: params.get("q") || "", filters: {}};
    FILTERS.forEach(function (name) {
      var values = params.getAll(name).filter(Boolean);
      if (values.length) state.filters[name] = values;
    });
    return state;
  }

  function queryString(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (name) {
      (state.filters[name] || []).forEach(function (v) { params.append(name, v); });
    });
    var s = params.toString();
    return s ? "?" + s : "";
  }

  function pagefindFilters(filters) {
    var out = {};
    Object.keys(filters).forEach(function (name) { out[name] = {any: filters[name]}; });
    return out;
  }

  /* Curly and angle quotation marks count as straight ones (Pagefind knows only "..."). */
  function straight(q) { return q.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"'); }

  /* The exact phrases of a query: the words inside quotation marks. */
  function phrases(q) {
    var out = [], m, re = /"([^"]+)"/g;
    while ((m = re.exec(straight(q)))) if (norm(m[1])) out.push(norm(m[1]));
    return out;
  }

  /* Words only: lower case, every run of other characters one space ("U.S.-Russia" -> "u s russia"). */
  function norm(text) {
    return String(text || "").toLowerCase().normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  /* The loose words of a query: those outside quotation marks. */
  function looseWords(q) {
    return norm(straight(q).replace(/"[^"]*"?/g, " ")).split(" ").filter(Boolean);
  }

  /* Pagefind matches a quoted phrase by word stems ("Russia relations" also finds "Russian
     relations"), so a result is kept only if its text holds each phrase word for word. */
  function hasPhrases(text, wanted) {
    text = " " + norm(text) + " ";
    return wanted.every(function (p) { return text.indexOf(" " + p + " ") >= 0; });
  }

  /* The quotations of an article page, from the `quotes.json` beside it (render/search.py: [id, kind,
     speaker, official, runs]; not Pagefind metadata, which Pagefind would make searchable). */
  function loadQuotes(data) {
    return fetch(String(data.url || "").replace(/[?#].*$/, "") + "quotes.json").then(function (r) {
      return r.ok ? r.json() : [];
    }).catch(function () { return []; }).then(function (list) { data.quotes = list; return data; });
  }

  /* Each quotation with its word positions: runs of (offset, length) from its anchor, whose position
     Pagefind gives among the page's anchors (every element with an id in the text). */
  function quotesOf(data) {
    var list = data.quotes;
    if (!Array.isArray(list)) return [];
    var at = {};
    (data.anchors || []).forEach(function (a) { at[a.id] = a.location; });
    var words = String(data.content || "").split(" ");
    return list.filter(function (e) { return Array.isArray(e) && at[e[0]] != null; }).map(function (e) {
      var positions = [], runs = Array.isArray(e[4]) ? e[4] : [];
      for (var i = 0; i + 1 < runs.length; i += 2) {
        for (var k = 0; k < runs[i + 1]; k++) positions.push(at[e[0]] + runs[i] + k);
      }
      var st = Array.isArray(e[5]) && /^s[0-9]{6}$/.test(String(e[5][0])) ? e[5] : null;  // its statement: [id, url, outlets]
      return {id: String(e[0]), kind: String(e[1]), speaker: String(e[2] || ""), official: !!e[3],
              positions: positions, words: positions.map(function (p) { return words[p] || ""; }),
              statement: st && {id: String(st[0]), href: new URL("statements/" + st[0] + "/", root).href,
                                outlets: Number(st[2]) || 0}};
    });
  }

  /* Walks a response's article results, loading their data, and turns each into the results shown:
     the article itself when it holds the query and passes the filters, then the quotations inside it
     that hold the query (every loose word at one of their word positions or in the speaker's name,
     every exact phrase word for word) and pass the quotation filters (kind, official). */
  /* The statement whose page this is (a Pagefind record of its own, issue 22), or null. */
  function statementPage(data) {
    var m = /\/statements\/(s[0-9]{6})\/$/.exec(String(data.url || "").replace(/[?#].*$/, ""));
    if (!m) return null;
    var n = ((data.filters || {}).outlets || [])[0];
    return {id: m[1], href: new URL("statements/" + m[1] + "/", root).href, outlets: Number(n) || 0};
  }

  function cursor(res, state, hits) {
    var wanted = phrases(state.q), loose = looseWords(state.q), i = 0, queue = [];
    // One result per statement for words searched: the first of its reports (or its page) stands for it,
    // "reported by N outlets".  An exact phrase still reaches every article's quotation, and filters
    // alone (a listing of one kind, one official) list every report.
    var shown = {}, collapse = wanted.length === 0 && loose.length > 0;
    var kinds = state.filters.kind || [], officials = state.filters.official || [];
    var quoteKinds = kinds.filter(function (k) { return k !== "article"; });
    var c = {results: res.results, filters: res.filters, exact: wanted.length > 0, kept: 0};
    c.done = function () { return i >= res.results.length && !queue.length; };

    function quoteHolds(r, q) {
      if (kinds.length && quoteKinds.indexOf(q.kind) < 0) return false;
      if (officials.length && !(q.official && officials.indexOf(q.speaker) >= 0)) return false;
      if (!hasPhrases(q.words.join(" ") + " " + q.speaker, wanted)) return false;
      if (!loose.length) return true;
      var inside = {};
      q.positions.forEach(function (p) { inside[p] = true; });
      var speaker = " " + norm(q.speaker);
      return loose.every(function (w, k) {
        var at = hits ? (hits[k][r.id] || []) : r.words;
        return at.some(function (p) { return inside[p]; }) || speaker.indexOf(" " + w) >= 0;
      });
    }

    /* The first result of a statement in a language stands for it: a reader searching Russian words
       still gets the Russian source's quotation beside the (English) statement page. */
    function once(statement, data) {
      if (!statement) return true;
      var key = statement.id + "|" + (((data.filters || {}).language || [])[0] || "");
      if (collapse && shown[key]) return false;
      shown[key] = true;
      return true;
    }

    function expand(r, data) {
      var out = [], marked = {}, own = statementPage(data);
      r.words.forEach(function (p) { marked[p] = true; });
      if (own) {
        if ((!kinds.length || kinds.indexOf("statement") >= 0) && (!officials.length || (data.filters || {}).official)
            && hasPhrases([data.content, (data.meta || {}).title].join(" "), wanted) && once(own, data)) {
          out.push({page: data, quote: null, statement: own});
        }
        return out;
      }
      if ((!kinds.length || kinds.indexOf("article") >= 0)
          && hasPhrases([data.content, (data.meta || {}).title].join(" "), wanted)) {
        out.push({page: data, quote: null});
      }
      quotesOf(data).forEach(function (q) {
        if (!quoteHolds(r, q) || !once(q.statement, data)) return;
        out.push({page: data, quote: q, statement: q.statement, words: q.positions.map(function (p, k) {
          return {text: q.words[k], hit: !!marked[p]};
        })});
      });
      return out;
    }

    c.next = function (n) {
      var out = [];
      function step() {
        while (queue.length && out.length < n) out.push(queue.shift());
        if (out.length >= n || c.done()) return Promise.resolve(out);
        var batch = res.results.slice(i, i + Math.min(5, n - out.length));  // no more articles than results wanted: most give one or more
        i += batch.length;
        return Promise.all(batch.map(function (r) {
          return r.data().then(function (d) { return statementPage(d) ? d : loadQuotes(d); });
        })).then(function (all) {
          all.forEach(function (d, k) { queue.push.apply(queue, expand(batch[k], d)); });
          return step();
        });
      }
      return step().then(function (found) { c.kept += found.length; return found; });
    };
    c.summary = function () {
      var where = " in " + count(res.results.length, "page");
      if (!res.results.length) return "No results";
      if (c.done()) return c.kept ? count(c.kept, "result") + where : "No results";
      return "At least " + count(c.kept, "result") + where;
    };
    return c;
  }

  /* With two loose words or more: where each one is, per article, since a quotation shown must hold
     every one of them, not just its article.  Pagefind's result for one word carries its positions
     (`words`) without loading the article's data, from the index chunks the search loaded. */
  function wordHits(pf, state) {
    var loose = looseWords(state.q);
    if (loose.length < 2) return Promise.resolve(null);
    return Promise.all(loose.map(function (w) {
      return pf.search(w, {filters: pagefindFilters(state.filters)}).then(function (res) {
        var at = {};
        res.results.forEach(function (r) { at[r.id] = r.words; });
        return at;
      });
    }));
  }

  /* Resolves to Pagefind's response, to EMPTY when there is nothing to search for, or to null
     when a newer search replaced this one (Pagefind's debouncing). */
  /* Our own debounce rather than Pagefind's debouncedSearch, which preloads the index chunks of every
     partial word as it is typed ("L", "La", "Lav"...): chunks a first search need not fetch. */
  var EMPTY = {empty: true}, searchId = 0;
  function search(state) {
    var id = ++searchId;
    return load().then(function (pf) {
      var hasFilters = Object.keys(state.filters).length > 0;
      var q = straight(state.q).trim();
      if (!q && !hasFilters) return EMPTY;
      return new Promise(function (done) { setTimeout(done, 150); }).then(function () {
        if (id !== searchId) return null;
        return pf.search(q || null, {filters: pagefindFilters(state.filters)});
      }).then(function (res) {
        if (res === null || id !== searchId) return null;
        return wordHits(pf, state).then(function (hits) { res.hits = hits; return id === searchId ? res : null; });
      });
    });
  }

  function unavailable(status) {
    status.textContent = "Search is not available here: the search index is built by `annals build` " +
      "(the live preview has none).";
  }

  function count(n, what) { return n + " " + what + (n === 1 ? "" : "s"); }

  /* ---- the header box ---------------------------------------------------------------- */
  var toggle = document.getElementById("__search");
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var list = box.querySelector("[data-annals-search-results]");
  var status = box.querySelector("[data-annals-search-status]");
  var more = box.querySelector("[data-annals-search-more]");
  var hint = status.innerHTML;
  var pageForm = document.querySelector("[data-annals-search-page]");

  function open(on) {
    if (toggle && toggle.checked !== on) toggle.checked = on;
  }

  function headerSearch() {
    var q = input.value;
    var state = {q: q, filters: {}};
    more.href = new URL("search/", root).href + queryString(state);
    list.setAttribute("aria-busy", "true");
    search(state).then(function (res) {
      if (res === null || q !== input.value) return;  // a newer query is on its way
      list.textContent = "";
      if (res === EMPTY) {
        status.innerHTML = hint;
        more.parentNode.hidden = true;
        list.setAttribute("aria-busy", "false");
        return;
      }
      var c = cursor(res, state, res.hits);
      return c.next(HEADER_RESULTS).then(function (all) {
        if (q !== input.value) return;
        status.textContent = c.summary();
        more.parentNode.hidden = all.length === 0;
        all.forEach(function (d) { list.appendChild(result(d, false)); });
        list.setAttribute("aria-busy", "false");
      });
    }, function () { unavailable(status); list.setAttribute("aria-busy", "false"); });
  }

  input.addEventListener("focus", function () { open(true); load().catch(function () {}); });
  input.addEventListener("input", headerSearch);
  form.addEventListener("reset", function () { setTimeout(headerSearch, 0); });
  form.addEventListener("submit", function (ev) {
    if (pageForm) {  // on the Search page, the header box searches there
      ev.preventDefault();
      pageForm.querySelector("[name=q]").value = input.value;
      open(false);
      pageForm.dispatchEvent(new Event("input"));
    }
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  box.addEventListener("keydown", function (ev) {
    var items = links();
    var i = items.indexOf(document.activeElement);
    if (ev.key === "Escape") {
      open(false);
      input.blur();
      ev.preventDefault();
    } else if (ev.key === "ArrowDown" && items.length) {
      items[Math.min(i + 1, items.length - 1)].focus();
      ev.preventDefault();
    } else if (ev.key === "ArrowUp" && items.length) {
      if (i <= 0) input.focus(); else items[i - 1].focus();
      ev.preventDefault();
    }
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      open(true);
      input.focus();
      ev.preventDefault();
    }
  });

  /* ---- the Search page --------------------------------------------------------------- */
  if (!pageForm) return;
  var pageInput = pageForm.querySelector("[name=q]");
  var facets = pageForm.querySelector("[data-annals-filters]");
  var pageStatus = document.querySelector("[data-annals-search-page-status]");
  var pageList = document.querySelector("[data-annals-search-page-results]");
  var moreButton = document.querySelector("[data-annals-search-page-more]");
  var pending = null;

  function pageState() {
    var state = {q: pageInput.value, filters: {}};
    FILTERS.forEach(function (name) {
      var values = Array.prototype.map.call(
        pageForm.querySelectorAll('input[type=checkbox][name="' + name + '"]:checked'), function (c) { return c.value; });
      if (values.length) state.filters[name] = values;
    });
    return state;
  }

  /* The filter checkboxes, built once from every value in the index; counts follow each search. */
  function drawFacets(available, selected) {
    facets.textContent = "";
    FILTERS.forEach(function (name) {
      var values = Object.keys(available[name] || {});
      (selected[name] || []).forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      if (!values.length) return;
      values.sort(function (a, b) { return name === "year" ? b.localeCompare(a) : a.localeCompare(b); });
      var fieldset = el("fieldset", {"class": "annals-facet"});
      fieldset.appendChild(el("legend", {}, LABELS[name]));
      var scroll = el("div", {"class": "annals-facet-values"});
      values.forEach(function (v, i) {
        var id = "annals-f-" + name + "-" + i;
        var check = el("input", {type: "checkbox", name: name, value: v, id: id});
        check.checked = (selected[name] || []).indexOf(v) >= 0;
        var label = el("label", {"for": id}, v);
        label.appendChild(el("span", {"class": "annals-facet-count", "data-filter": name}));
        var row = el("div", {"class": "annals-facet-value"});
        row.appendChild(check);
        row.appendChild(label);
        scroll.appendChild(row);
      });
      fieldset.appendChild(scroll);
      facets.appendChild(fieldset);
    });
    counts(available);
  }

  function counts(available) {
    Array.prototype.forEach.call(facets.querySelectorAll(".annals-facet-count"), function (span) {
      var value = span.parentNode.previousSibling.value;
      var n = (available[span.getAttribute("data-filter")] || {})[value];
      span.textContent = " (" + (n || 0) + ")";
    });
  }

  function showMore(c) {
    pageList.setAttribute("aria-busy", "true");
    return c.next(PAGE_SIZE).then(function (all) {
      if (pending !== c) return;
      pageStatus.textContent = c.summary() + c.lead;
      moreButton.hidden = c.done();
      all.forEach(function (d) { pageList.appendChild(result(d, true)); });
      pageList.setAttribute("aria-busy", "false");
    });
  }

  function run(push) {
    var state = pageState();
    var url = location.pathname + queryString(state) + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
    var q = pageInput.value;
    pageList.setAttribute("aria-busy", "true");
    return search(state).then(function (res) {
      if (res === null || q !== pageInput.value) return;  // a newer search replaced this one
      pageList.textContent = "";
      if (res === EMPTY) {
        pending = null;
        moreButton.hidden = true;
        pageStatus.textContent = "Type words, or \"an exact phrase\" in quotation marks, or choose filters.";
        pageList.setAttribute("aria-busy", "false");
        return load().then(function (pf) { return pf.filters(); }).then(counts);
      }
      var c = pending = cursor(res, state, res.hits);
      c.lead = (state.q.trim() ? " for " + state.q.trim() : "") + (Object.keys(state.filters).length ? " (filtered)" : "") + ".";
      counts(res.filters || {});
      return showMore(c);
    }).catch(function () { unavailable(pageStatus); pageList.setAttribute("aria-busy", "false"); });
  }

  function restore() {
    var state = stateFrom(location.search);
    pageInput.value = state.q;
    return load().then(function (pf) { return pf.filters(); }).then(function (all) {
      drawFacets(all, state.filters);
      return run(false);
    }, function () { unavailable(pageStatus); });
  }

  pageForm.addEventListener("submit", function (ev) { ev.preventDefault(); run(true); });
  pageForm.addEventListener("input", function (ev) {
    if (ev.target && ev.target.type === "checkbox") return;  // handled by "change"
    run(false);
  });
  pageForm.addEventListener("change", function (ev) {
    if (ev.target && ev.target.type === "checkbox") run(true);
  });
  moreButton.addEventListener("click", function () { if (pending) showMore(pending); });
  window.addEventListener("popstate", restore);
  restore();
})();
