/* Question finder: the site's search box lists questions, ranked over questions.json.
 *
 * Why not only Material's search: it appends a wildcard to every word ("data" also matches
 * "datasets", "datasheets") and groups hits by page, so a page full of weak matches beats
 * the one question that asks exactly what was typed. Here every question is one document;
 * whole words score, only the word being typed matches as a prefix, the question's own
 * wording weighs most, and a question that contains every typed word (or the phrase) ranks
 * above one that repeats a single word.
 *
 * The results go into Material's search dialog with Material's markup, so its keyboard
 * handling (arrows, Enter) and styling apply. Material's own hits for question pages are
 * dropped; its hits for other pages (About, Glossary, ...) stay below ours. Nothing is
 * fetched from another site: questions.json is built with the site. */
(function () {
  "use strict";

  var SCRIPT = document.currentScript ? document.currentScript.src : window.location.href;
  var ROOT = new URL("../", SCRIPT); // docs/assets/finder.js -> site root
  var MAX_RESULTS = 12;
  var FIELDS = { q: 4, also: 2.5, summary: 1.5, body: 1 };
  var K1 = 1.2;
  var B = 0.75;
  var STOP = {};
  ("a an and are as at be by can do does for from how i in is it its of on or should that the their them " +
   "there this to was what when where which while who why will with would you your")
    .split(" ").forEach(function (w) { STOP[w] = true; });

  // A light stemmer: plurals, -ing and -ed, a final e and a doubled consonant, so "caches",
  // "caching" and "cache" meet, and "versioning" finds "version", without the conflations
  // of a full stemmer.
  function stem(word) {
    if (word.length > 4 && /ies$/.test(word)) word = word.slice(0, -3) + "y";
    else if (word.length > 3 && /[^s]s$/.test(word) && !/(us|is)$/.test(word)) word = word.slice(0, -1);
    if (word.length > 5 && /ing$/.test(word)) word = word.slice(0, -3);
    else if (word.length > 4 && /ed$/.test(word)) word = word.slice(0, -2);
    if (word.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(word) && !/(ss|ff|zz)$/.test(word)) word = word.slice(0, -1);
    if (word.length > 3 && /[^aeiou]e$/.test(word)) word = word.slice(0, -1);
    return word;
  }

  // British and American spellings meet: quantisation/quantization, analyse/analyze,
  // behaviour/behavior (the articles use British spelling, readers type either).
  function spelling(word) {
    if (word.length >= 6) word = word.replace(/([a-z]{3})is(e|ed|es|ing|ation|ations)$/, "$1iz$2").replace(/yse(s|d)?$/, "yze$1");
    return word.replace(/iour/, "ior");
  }

  function words(text) {
    var lower = String(text || "").toLowerCase()
      .replace(/\b([a-z]{1,2})\/([a-z]{1,2})\b/g, "$1$2") // A/B -> ab, CI/CD -> cicd
      .replace(/[’']s\b/g, "");
    return lower.split(/[^a-z0-9]+/).filter(Boolean).map(spelling);
  }

  function terms(text) {
    return words(text).map(stem);
  }

  // Markdown answer -> plain words: drop diagrams and code, link targets and credits.
  function plain(markdown) {
    return String(markdown || "")
      .replace(/```[\s\S]*?```/g, " ")
      .replace(/\]\([^)]*\)/g, "]")
      .replace(/\*\([^)]*\)\*/g, " ");
  }

  function summaryOf(markdown) {
    var first = plain(markdown).split(/\n\s*\n/)[0] || "";
    return first;
  }

  function counts(list) {
    var out = {};
    list.forEach(function (t) { out[t] = (out[t] || 0) + 1; });
    return out;
  }

  function buildIndex(data) {
    var docs = data.questions.map(function (q) {
      var fields = {
        q: terms(q.question),
        also: terms((q.also_asked_as || []).join(" . ")),
        summary: terms(summaryOf(q.answer)),
        body: terms(plain(q.answer))
      };
      var tf = {};
      Object.keys(fields).forEach(function (f) { tf[f] = counts(fields[f]); });
      return {
        q: q, tf: tf, len: Object.keys(fields).reduce(function (o, f) { o[f] = fields[f].length; return o; }, {}),
        phrase: { q: " " + fields.q.join(" ") + " ", also: " " + fields.also.join(" ") + " ", body: " " + fields.body.join(" ") + " " }
      };
    });
    var df = {};
    var avg = {};
    Object.keys(FIELDS).forEach(function (f) { avg[f] = 0; });
    docs.forEach(function (d) {
      var seen = {};
      Object.keys(FIELDS).forEach(function (f) {
        avg[f] += d.len[f] / docs.length;
        Object.keys(d.tf[f]).forEach(function (t) { seen[t] = true; });
      });
      Object.keys(seen).forEach(function (t) { df[t] = (df[t] || 0) + 1; });
    });
    var topics = {};
    data.topics.forEach(function (t) { topics[t.id] = t.title; });
    return { docs: docs, df: df, avg: avg, vocab: Object.keys(df).sort(), topics: topics };
  }

  function idf(index, term) {
    var n = index.docs.length;
    var d = index.df[term] || 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  }

  // The query's terms; the last one, while still being typed, also matches longer words.
  function queryTerms(index, query) {
    var all = terms(query);
    var kept = all.filter(function (t) { return !STOP[t]; });
    if (!kept.length) kept = all;
    var typing = /[a-z0-9]$/i.test(query) && kept.length && kept[kept.length - 1] === all[all.length - 1];
    return kept.map(function (t, n) {
      var variants = [{ term: t, weight: 1 }];
      if (typing && n === kept.length - 1 && t.length >= 2) {
        index.vocab.forEach(function (v) {
          if (v !== t && v.indexOf(t) === 0) variants.push({ term: v, weight: index.df[t] ? 0.2 : 0.6 });
        });
      }
      return { term: t, variants: variants };
    });
  }

  function fieldScore(index, doc, field, term) {
    var tf = doc.tf[field][term] || 0;
    if (!tf) return 0;
    var norm = 1 - B + B * doc.len[field] / (index.avg[field] || 1);
    return idf(index, term) * tf * (K1 + 1) / (tf + K1 * norm);
  }

  function score(index, doc, qterms, phrase) {
    var total = 0;
    var matched = 0;
    qterms.forEach(function (qt) {
      var best = 0;
      qt.variants.forEach(function (v) {
        var s = 0;
        Object.keys(FIELDS).forEach(function (f) { s += FIELDS[f] * fieldScore(index, doc, f, v.term); });
        best = Math.max(best, s * v.weight);
      });
      if (best > 0) matched += 1;
      total += best;
    });
    if (!total) return 0;
    var coverage = matched / qterms.length;
    total *= coverage * coverage;
    if (qterms.length > 1 && phrase) {
      if (doc.phrase.q.indexOf(phrase) >= 0) total *= 2;
      else if (doc.phrase.also.indexOf(phrase) >= 0) total *= 1.6;
      else if (doc.phrase.body.indexOf(phrase) >= 0) total *= 1.3;
    }
    return total;
  }

  function search(index, query) {
    var qterms = queryTerms(index, query);
    if (!qterms.length) return [];
    var phrase = " " + qterms.map(function (t) { return t.term; }).join(" ") + " ";
    var hits = [];
    index.docs.forEach(function (doc) {
      var s = score(index, doc, qterms, phrase);
      if (s > 0) hits.push({ doc: doc, score: s });
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.doc.q.id < b.doc.q.id ? -1 : 1); });
    return hits;
  }

  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(new URL("questions.json", ROOT).href)
        .then(function (r) { if (!r.ok) throw new Error("questions.json: " + r.status); return r.json(); })
        .then(buildIndex);
    }
    return indexPromise;
  }
  window.hbQuestionIndex = loadIndex; // shared with study.js

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function resultItem(index, hit, rank, query) {
    var q = hit.doc.q;
    var url = new URL(q.url, ROOT);
    var highlight = words(query).filter(function (w) { return !STOP[w]; }).join(" ");
    if (highlight) url.searchParams.set("h", highlight);
    var li = el("li", "md-search-result__item hb-finder__item");
    var a = el("a", "md-search-result__link");
    a.href = url.href;
    a.tabIndex = -1;
    var article = el("article", "md-search-result__article md-typeset");
    // Material's Enter opens the result with the highest data-md-score: ours come first
    article.setAttribute("data-md-score", String(1000000 - rank));
    article.appendChild(el("h1", "hb-finder__question", q.question));
    var where = (index.topics[q.topic] || q.topic) + " · " + q.level + " · asked in " + q.asked_in + (q.asked_in === 1 ? " list" : " lists");
    article.appendChild(el("p", "hb-finder__where", where));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function isQuestionPage(href) {
    try {
      return new URL(href, window.location.href).pathname.indexOf("/topics/") >= 0;
    } catch (e) {
      return false;
    }
  }

  // Material re-renders its list on each keystroke: keep only its hits for other pages.
  function pruneMaterial(list) {
    Array.prototype.forEach.call(list.querySelectorAll(":scope > li"), function (li) {
      var link = li.querySelector("a[href]");
      if (!link || isQuestionPage(link.getAttribute("href"))) li.remove();
    });
    list.classList.toggle("hb-has-pages", list.children.length > 0);
  }

  function setup() {
    var input = document.querySelector(".md-search__input");
    var result = document.querySelector("[data-md-component=search-result]");
    if (!input || !result || result.hasAttribute("data-hb-finder")) return;
    result.setAttribute("data-hb-finder", "");
    var materialList = result.querySelector(".md-search-result__list");
    var meta = el("div", "md-search-result__meta hb-finder__meta");
    meta.setAttribute("role", "status");
    var list = el("ol", "md-search-result__list hb-finder__list");
    list.setAttribute("aria-label", "Questions");
    result.insertBefore(list, result.firstChild);
    result.insertBefore(meta, list);
    if (materialList) {
      new MutationObserver(function () { pruneMaterial(materialList); }).observe(materialList, { childList: true });
    }
    var pending = 0;
    function update() {
      var query = input.value.trim();
      var ticket = ++pending;
      if (!query) {
        list.replaceChildren();
        meta.textContent = "Type to search the questions";
        list.setAttribute("data-query", "");
        return;
      }
      loadIndex().then(function (index) {
        if (ticket !== pending) return;
        var hits = search(index, query);
        list.replaceChildren.apply(list, hits.slice(0, MAX_RESULTS).map(function (h, n) { return resultItem(index, h, n, query); }));
        meta.textContent = hits.length ? hits.length + (hits.length === 1 ? " matching question" : " matching questions") : "No matching question";
        list.setAttribute("data-query", query);
      }).catch(function () {
        meta.textContent = "Questions could not be loaded; showing page results.";
      });
    }
    input.addEventListener("input", update);
    input.addEventListener("focus", function () { loadIndex(); update(); });
    if (input.value) update();
  }

  window.hbFinder = { search: function (query) { return loadIndex().then(function (i) { return search(i, query); }); } };

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
