/* Study mode: marks that stay in this browser, progress, filters and flashcards.
 *
 * - Every question on a topic page gets "I know this" / "Review again" buttons
 *   (data-study="known" / "again", aria-pressed), kept in localStorage under the entry's
 *   stable id (its heading id), so marks survive reloads and new versions of the site.
 * - Topic pages show "N of M known" and filter: all / not yet known / marked for review.
 * - The home page lists progress per topic; the study page walks cards by keyboard
 *   (space reveals, → next, k known, a again) on a small Leitner schedule, and exports,
 *   imports and resets the marks.
 * Nothing leaves the machine. All markup is made here (no inline script or style: the site
 * runs under a strict Content-Security-Policy), and everything hangs off Material's
 * document$ so it survives instant navigation. */
(function () {
  "use strict";

  var KEY = "mlops-handbook-study";
  var SCRIPT = document.currentScript ? document.currentScript.src : window.location.href;
  var ROOT = new URL("../", SCRIPT);
  // Leitner boxes 1..5: how many cards later a card comes back after being marked.
  var INTERVALS = [0, 2, 5, 10, 20, 40];

  /* ---------- storage ---------- */

  function emptyState() { return { version: 1, step: 0, cards: {} }; }

  function valid(state) {
    if (!state || typeof state !== "object" || typeof state.cards !== "object" || state.cards === null) return false;
    return Object.keys(state.cards).every(function (id) {
      var c = state.cards[id];
      return c && typeof c === "object" && (c.mark === undefined || c.mark === "known" || c.mark === "again") &&
        (c.box === undefined || (Number.isInteger(c.box) && c.box >= 1 && c.box <= 5));
    });
  }

  function load() {
    try {
      var state = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (valid(state)) {
        state.step = Number.isInteger(state.step) ? state.step : 0;
        return state;
      }
    } catch (e) { /* unreadable or blocked storage: start afresh */ }
    return emptyState();
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) { /* storage full or blocked: marks last for this page only */ }
  }

  function markOf(state, id) { return (state.cards[id] || {}).mark || ""; }

  // Set (or, when it is already set, clear) a mark and move the card between Leitner boxes.
  function setMark(id, mark, toggle) {
    var state = load();
    var card = state.cards[id] || { box: 1, due: 0 };
    if (toggle && card.mark === mark) {
      delete card.mark;
    } else {
      card.mark = mark;
      card.box = mark === "known" ? Math.min((card.box || 1) + 1, 5) : 1;
      card.due = state.step + INTERVALS[card.box];
    }
    state.step += 1;
    state.cards[id] = card;
    save(state);
    return state;
  }

  /* ---------- small DOM helpers ---------- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function button(label, cls) {
    var b = el("button", cls, label);
    b.type = "button";
    return b;
  }

  var dataPromise = null;
  function loadData() {
    if (!dataPromise) {
      dataPromise = fetch(new URL("questions.json", ROOT).href).then(function (r) {
        if (!r.ok) throw new Error("questions.json: " + r.status);
        return r.json();
      });
    }
    return dataPromise;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* ---------- topic pages: marks, progress, filters ---------- */

  function answerAfter(heading) {
    var e = heading.nextElementSibling;
    while (e && !/^H[1-6]$/.test(e.tagName)) {
      if (e.tagName === "DETAILS") return e;
      e = e.nextElementSibling;
    }
    return null;
  }

  function questionHeadings() {
    return Array.prototype.filter.call(document.querySelectorAll(".md-content article h2[id]"), function (h) {
      var d = answerAfter(h);
      return d && d.classList.contains("answer");
    });
  }

  // The heading and everything after it up to the next question: what a filter hides.
  function blockOf(heading) {
    var out = [heading];
    var e = heading.nextElementSibling;
    while (e && e.tagName !== "H2") {
      out.push(e);
      e = e.nextElementSibling;
    }
    return out;
  }

  function headingText(h) {
    var clone = h.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
    return clone.textContent.trim();
  }

  function refreshMarks(root, state) {
    root.querySelectorAll("[data-study][data-study-id]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(markOf(state, b.getAttribute("data-study-id")) === b.getAttribute("data-study")));
    });
  }

  function marksFor(id, label, onChange) {
    var group = el("div", "hb-study");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Study marks: " + label);
    [["known", "I know this"], ["again", "Review again"]].forEach(function (pair) {
      var b = button(pair[1], "hb-study__mark");
      b.setAttribute("data-study", pair[0]);
      b.setAttribute("data-study-id", id);
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", function () { onChange(setMark(id, pair[0], true)); });
      group.appendChild(b);
    });
    return group;
  }

  function topicPage() {
    var headings = questionHeadings();
    if (!headings.length || document.querySelector(".hb-studybar")) return;
    var article = document.querySelector(".md-content article");
    var progress = el("p", "hb-progress");
    progress.setAttribute("role", "status");
    var filter = "all";
    var filterButtons = [];

    function apply(state) {
      refreshMarks(article, state);
      var known = headings.filter(function (h) { return markOf(state, h.id) === "known"; }).length;
      progress.textContent = known + " of " + headings.length + " known";
      var shown = 0;
      headings.forEach(function (h) {
        var mark = markOf(state, h.id);
        var show = filter === "all" || (filter === "unknown" && mark !== "known") || (filter === "again" && mark === "again");
        if (show) shown += 1;
        blockOf(h).forEach(function (e) { e.hidden = !show; });
      });
      filterButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === filter)); });
      empty.hidden = shown > 0;
    }

    headings.forEach(function (h) {
      var meta = h.nextElementSibling && h.nextElementSibling.classList.contains("hb-meta") ? h.nextElementSibling : h;
      meta.insertAdjacentElement("afterend", marksFor(h.id, headingText(h), apply));
    });

    var bar = el("div", "hb-studybar");
    bar.appendChild(progress);
    var filters = el("div", "hb-filters");
    filters.setAttribute("role", "group");
    filters.setAttribute("aria-label", "Show questions");
    [["all", "All"], ["unknown", "Not yet known"], ["again", "Marked for review"]].forEach(function (pair) {
      var b = button(pair[1], "hb-filters__button");
      b.setAttribute("data-filter", pair[0]);
      b.addEventListener("click", function () { filter = pair[0]; apply(load()); });
      filterButtons.push(b);
      filters.appendChild(b);
    });
    bar.appendChild(filters);
    var topicId = window.location.pathname.replace(/\/$/, "").split("/").pop();
    var cards = el("a", "hb-studybar__cards", "Study this topic as flashcards");
    cards.href = new URL("study/?topic=" + encodeURIComponent(topicId), ROOT).href;
    bar.appendChild(cards);
    var empty = el("p", "hb-filters__empty", "No question matches this filter.");
    var anchor = document.querySelector(".md-content article .hb-toolbar") ||
      document.querySelector(".md-content article .hb-lead") || document.querySelector(".md-content article h1");
    anchor.insertAdjacentElement("afterend", bar);
    bar.insertAdjacentElement("afterend", empty);
    apply(load());
  }

  /* ---------- home page: progress per topic ---------- */

  function homePage() {
    var box = document.querySelector("[data-hb-home-progress]");
    if (!box || box.hasAttribute("data-ready")) return;
    box.setAttribute("data-ready", "");
    loadData().then(function (data) {
      var state = load();
      var heading = el("h2", "", "Your progress");
      heading.id = "your-progress";
      var note = el("p", "", "Marked with “I know this” on the topic pages or in the ");
      var link = el("a", "", "flashcards");
      link.href = new URL("study/", ROOT).href;
      note.appendChild(link);
      note.appendChild(document.createTextNode(". Kept in this browser only."));
      var list = el("ul", "hb-home-progress__list");
      data.topics.filter(function (t) { return t.count; }).forEach(function (t) {
        var ids = data.questions.filter(function (q) { return q.topic === t.id; }).map(function (q) { return q.id; });
        var known = ids.filter(function (id) { return markOf(state, id) === "known"; }).length;
        var li = el("li", "hb-home-progress__item");
        li.setAttribute("data-topic", t.id);
        var a = el("a", "", t.title);
        a.href = new URL(t.url, ROOT).href;
        li.appendChild(a);
        li.appendChild(document.createTextNode(": "));
        li.appendChild(el("span", "hb-home-progress__count", known + " of " + ids.length + " known"));
        list.appendChild(li);
      });
      box.replaceChildren(heading, note, list);
    }).catch(function () { box.textContent = ""; });
  }

  /* ---------- study page: flashcards ---------- */

  var answerCache = {};
  // The rendered answer, taken from the topic page (questions.json holds Markdown).
  function renderedAnswer(q) {
    var page = new URL("topics/" + q.topic + "/", ROOT).href;
    if (!answerCache[page]) {
      answerCache[page] = fetch(page).then(function (r) { return r.text(); }).then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
    }
    return answerCache[page].then(function (doc) {
      var h = doc.getElementById(q.id);
      var details = h && answerAfter(h);
      var out = document.createDocumentFragment();
      if (!details) return out;
      Array.prototype.forEach.call(details.children, function (child) {
        if (child.tagName === "SUMMARY") return;
        var copy = document.importNode(child, true);
        copy.querySelectorAll("[href]").forEach(function (a) { a.setAttribute("href", new URL(a.getAttribute("href"), page).href); });
        copy.querySelectorAll("[src]").forEach(function (i) { i.setAttribute("src", new URL(i.getAttribute("src"), page).href); });
        // diagrams are drawn on the topic page; here they would be raw source
        copy.querySelectorAll("pre.mermaid").forEach(function (pre) {
          var note = el("p", "hb-card__diagram", "This answer has a diagram: see it on the topic page.");
          pre.replaceWith(note);
        });
        out.appendChild(copy);
      });
      return out;
    });
  }

  // Next card, Leitner style: a marked card that is due (its box's interval has passed)
  // comes first, soonest due first; otherwise the next card never seen, most asked first;
  // otherwise the card due soonest. The card just shown is never shown twice in a row.
  function nextCard(deck, state, current, later) {
    var due = null;
    var fresh = null;
    var soonest = null;
    deck.forEach(function (q, n) {
      if (current && q.id === current.id && deck.length > 1) return;
      var c = state.cards[q.id];
      var when = c && c.due !== undefined ? c.due : (later[q.id] !== undefined ? later[q.id] : null);
      if (when === null) {
        if (!fresh) fresh = q;
        return;
      }
      var key = when * 100000 + n;
      if (when <= state.step && (!due || key < due.key)) due = { q: q, key: key };
      if (!soonest || key < soonest.key) soonest = { q: q, key: key };
    });
    return (due && due.q) || fresh || (soonest && soonest.q) || null;
  }

  function studyPage() {
    var box = document.querySelector(".md-content .hb-flashcards")  // a class: generated pages are sanitized and keep no data- attributes;
    if (!box || box.hasAttribute("data-ready")) return;
    box.setAttribute("data-ready", "");
    loadData().then(function (data) { flashcards(box, data); progressTools(data); }).catch(function () {
      box.textContent = "The questions could not be loaded.";
    });
  }

  function flashcards(box, data) {
    var params = new URLSearchParams(window.location.search);
    var topics = data.topics.filter(function (t) { return t.count; });
    var choice = el("p", "hb-card__choice");
    var label = el("label", "", "Cards from ");
    var select = el("select", "hb-card__topic");
    select.id = "hb-card-topic";
    label.htmlFor = select.id;
    select.appendChild(new Option("the whole handbook", ""));
    topics.forEach(function (t) { select.appendChild(new Option(t.title, t.id)); });
    select.value = topics.some(function (t) { return t.id === params.get("topic"); }) ? params.get("topic") : "";
    choice.append(label, select);

    var card = el("section", "hb-card");
    card.setAttribute("aria-label", "Flashcard");
    var status = el("p", "hb-card__status");
    status.setAttribute("role", "status");
    var topicLine = el("p", "hb-card__topic-name");
    var question = el("h2", "hb-card__question");
    question.id = "hb-card-question";
    question.tabIndex = -1;
    var answer = el("div", "hb-card__answer");
    answer.id = "hb-card-answer";
    answer.hidden = true;
    var controls = el("div", "hb-card__controls");
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Card controls");
    var reveal = button("Show answer (space)", "hb-card__reveal");
    reveal.setAttribute("aria-controls", answer.id);
    reveal.setAttribute("aria-expanded", "false");
    var known = button("I know this (k)", "hb-study__mark");
    known.setAttribute("data-study", "known");
    var again = button("Review again (a)", "hb-study__mark");
    again.setAttribute("data-study", "again");
    var next = button("Next card (→)", "hb-card__next");
    controls.append(reveal, known, again, next);
    card.append(status, topicLine, question, controls, answer);
    box.replaceChildren(choice, card);

    var rank = {};
    data.questions.slice().sort(function (a, b) { return b.asked_in - a.asked_in || (a.id < b.id ? -1 : 1); })
      .forEach(function (q, n) { rank[q.id] = n; });
    var titles = {};
    topics.forEach(function (t) { titles[t.id] = t.title; });
    var deck = [];
    var current = null;
    var seen = 0;
    var later = {}; // cards passed over with "next" without a mark: back of the queue, this visit only

    function buildDeck() {
      deck = data.questions.filter(function (q) { return !select.value || q.topic === select.value; })
        .sort(function (a, b) { return rank[a.id] - rank[b.id]; });
    }

    function showStatus(state) {
      var knownCount = deck.filter(function (q) { return markOf(state, q.id) === "known"; }).length;
      var c = current && state.cards[current.id];
      status.textContent = "Card " + seen + " · " + knownCount + " of " + deck.length + " known" +
        (c && c.box ? " · box " + c.box + " of 5" : " · new card");
    }

    function show(q, focus) {
      current = q;
      seen += 1;
      var state = load();
      question.textContent = q ? q.question : "No cards in this topic.";
      topicLine.textContent = q ? (titles[q.topic] || q.topic) + " · " + q.level + " · asked in " + plural(q.asked_in, "list") : "";
      answer.hidden = true;
      answer.replaceChildren();
      reveal.setAttribute("aria-expanded", "false");
      [known, again].forEach(function (b) {
        if (q) b.setAttribute("data-study-id", q.id);
        b.setAttribute("aria-pressed", String(!!q && markOf(state, q.id) === b.getAttribute("data-study")));
      });
      card.setAttribute("data-card", q ? q.id : "");
      showStatus(state);
      if (focus) question.focus();
    }

    function doReveal() {
      if (!current || !answer.hidden) return;
      var q = current;
      answer.hidden = false;
      reveal.setAttribute("aria-expanded", "true");
      answer.replaceChildren(el("p", "", "Loading the answer…"));
      renderedAnswer(q).then(function (fragment) {
        if (current !== q) return;
        answer.replaceChildren(fragment);
        var more = el("a", "hb-card__open", "Open this question on its topic page");
        more.href = new URL(q.url, ROOT).href;
        answer.appendChild(el("p")).appendChild(more);
      });
    }

    function doNext() {
      var state = load();
      if (current && !state.cards[current.id]) later[current.id] = state.step + deck.length;
      state.step += 1;
      save(state);
      show(nextCard(deck, state, current, later), true);
    }

    // Marking moves on to the next card, as in any flashcard app.
    function doMark(mark) {
      if (!current) return;
      var state = setMark(current.id, mark, false);
      show(nextCard(deck, state, current, later), true);
    }

    reveal.addEventListener("click", doReveal);
    next.addEventListener("click", doNext);
    known.addEventListener("click", function () { doMark("known"); });
    again.addEventListener("click", function () { doMark("again"); });
    select.addEventListener("change", function () {
      var url = new URL(window.location.href);
      if (select.value) url.searchParams.set("topic", select.value); else url.searchParams.delete("topic");
      history.replaceState(history.state, "", url.href);
      buildDeck();
      seen = 0;
      later = {};
      show(nextCard(deck, load(), null, later), false);
    });

    keyHandler = function (event) {
      if (!document.body.contains(box)) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var target = event.target;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      if (target && target.isContentEditable) return;
      var onButton = target && target.tagName === "BUTTON";
      if (event.key === " " || event.key === "Spacebar") {
        if (onButton) return; // the focused button's own action
        event.preventDefault();
        doReveal();
      } else if (event.key === "ArrowRight") {
        event.preventDefault();
        doNext();
      } else if (event.key === "k" || event.key === "K") {
        doMark("known");
      } else if (event.key === "a" || event.key === "A") {
        doMark("again");
      }
    };

    buildDeck();
    show(nextCard(deck, load(), null, later), false);
  }

  var keyHandler = null;
  document.addEventListener("keydown", function (event) { if (keyHandler) keyHandler(event); });

  function progressTools(data) {
    var box = document.querySelector(".md-content .hb-progress-tools");
    if (!box) return;
    var heading = el("h2", "", "Your progress");
    heading.id = "your-progress";
    var message = el("p", "hb-progress-tools__message");
    message.setAttribute("role", "status");
    var exportButton = button("Export progress", "hb-progress-tools__export");
    var importLabel = el("label", "hb-progress-tools__import", "Import progress ");
    var file = el("input");
    file.type = "file";
    file.accept = "application/json,.json";
    importLabel.appendChild(file);
    var reset = button("Reset progress", "hb-progress-tools__reset");
    var row = el("div", "hb-progress-tools__row");
    row.append(exportButton, importLabel, reset);
    box.replaceChildren(heading, row, message);

    function summary(state) {
      var ids = {};
      data.questions.forEach(function (q) { ids[q.id] = true; });
      var marks = Object.keys(state.cards).filter(function (id) { return state.cards[id].mark; });
      var known = marks.filter(function (id) { return ids[id] && state.cards[id].mark === "known"; }).length;
      return known + " of " + data.questions.length + " known, " + plural(marks.length, "mark") + " in total";
    }
    message.textContent = summary(load());

    exportButton.addEventListener("click", function () {
      var state = load();
      var blob = new Blob([JSON.stringify(state, null, 2) + "\n"], { type: "application/json" });
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = "mlops-handbook-progress.json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      message.textContent = "Exported: " + summary(state) + ".";
    });

    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen) return;
      chosen.text().then(function (text) {
        var state = JSON.parse(text);
        if (!valid(state)) throw new Error("not a progress file");
        state.version = 1;
        state.step = Number.isInteger(state.step) ? state.step : 0;
        save(state);
        message.textContent = "Imported: " + summary(state) + ".";
        reloadCards();
      }).catch(function () {
        message.textContent = "That file is not a progress export from this handbook; nothing changed.";
      }).then(function () { file.value = ""; });
    });

    reset.addEventListener("click", function () {
      if (!window.confirm("Forget every mark in this browser?")) return;
      save(emptyState());
      message.textContent = "Progress reset: " + summary(load()) + ".";
      reloadCards();
    });
  }

  function reloadCards() {
    var select = document.querySelector(".hb-card__topic");
    if (select) select.dispatchEvent(new Event("change"));
  }

  function setup() {
    keyHandler = null;
    topicPage();
    homePage();
    studyPage();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
