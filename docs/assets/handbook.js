/* Handbook behaviour on top of Material:
 * - a link or search hit to a question opens that question's answer and scrolls to it
 *   (Material only opens <details> that contain the target; ours sits after the heading);
 * - "Expand all" / "Collapse all" / "Random question" on topic pages;
 * - printing expands every answer.
 * Material's instant navigation swaps pages without reloads, so everything hangs off document$. */
(function () {
  "use strict";

  function answerAfter(heading) {
    var el = heading && heading.nextElementSibling;
    while (el && !/^H[1-6]$/.test(el.tagName)) {
      if (el.tagName === "DETAILS") return el;
      el = el.nextElementSibling;
    }
    return null;
  }

  function openFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target || !/^H[2-6]$/.test(target.tagName)) return;
    var answer = answerAfter(target);
    if (answer && !answer.open) {
      answer.open = true;
    }
    target.scrollIntoView({ block: "start" });
  }

  function questions() {
    return Array.prototype.filter.call(
      document.querySelectorAll(".md-content article h2[id]"),
      function (h) { return answerAfter(h) !== null; }
    );
  }

  function button(label, title, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.addEventListener("click", onClick);
    return b;
  }

  function toolbar() {
    var qs = questions();
    if (!qs.length || document.querySelector(".hb-toolbar")) return;
    var all = function () { return document.querySelectorAll(".md-content article details"); };
    var bar = document.createElement("div");
    bar.className = "hb-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Answers");
    bar.appendChild(button("Expand all", "Open every answer on this page", function () {
      all().forEach(function (d) { d.open = true; });
    }));
    bar.appendChild(button("Collapse all", "Close every answer on this page", function () {
      all().forEach(function (d) { d.open = false; });
    }));
    bar.appendChild(button("Random question", "Jump to a random question, answer closed", function () {
      var pick = qs[Math.floor(Math.random() * qs.length)];
      var answer = answerAfter(pick);
      if (answer) answer.open = false;
      history.replaceState(null, "", "#" + pick.id);
      pick.scrollIntoView({ block: "start" });
      pick.setAttribute("tabindex", "-1");
      pick.focus({ preventScroll: true });
    }));
    var h1 = document.querySelector(".md-content article h1");
    var lead = document.querySelector(".md-content article .hb-lead");
    var anchor = lead || h1;
    if (anchor) anchor.insertAdjacentElement("afterend", bar);
  }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("data-hb-print", "");
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-hb-print]").forEach(function (d) {
      d.removeAttribute("data-hb-print");
      d.open = false;
    });
  });
  window.addEventListener("hashchange", openFromHash);

  function setup() {
    toolbar();
    openFromHash();
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
