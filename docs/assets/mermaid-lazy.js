/* Self-hosted, lazily loaded Mermaid for Material's diagram support.
 * Material renders `pre.mermaid` blocks with the global `mermaid`, and fetches it from
 * unpkg.com when it is undefined. This stand-in keeps Material off the CDN: it takes
 * Material's initialize() settings and, on the first render(), loads the vendored copy
 * (docs/assets/vendor/mermaid/, 3.5 MB) from this site, so only pages with a diagram
 * pay for it, including pages reached by instant navigation. */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) return;
  var here = document.currentScript ? document.currentScript.src : "";
  var url = new URL("vendor/mermaid/mermaid.min.js", here || window.location.href).href;
  var settings = null;
  var loading = null;
  var stub;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () {
          var real = window.mermaid;
          window.mermaid = stub; // Material keeps calling the global: keep it routed through here
          if (!real || real === stub) { reject(new Error("mermaid did not load")); return; }
          if (settings) real.initialize(settings);
          resolve(real);
        };
        script.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // counted on <html> for the browser tests: diagrams drawn, and diagrams that failed
  function count(name) {
    var root = document.documentElement;
    root.setAttribute(name, String(Number(root.getAttribute(name) || 0) + 1));
  }

  stub = {
    initialize: function (config) { settings = config; },
    render: function (id, text) {
      return load().then(function (real) {
        return real.render(id, text).then(function (out) {
          count(/Syntax error/.test(out.svg) ? "data-hb-diagram-errors" : "data-hb-diagrams");
          return out;
        }, function (err) {
          count("data-hb-diagram-errors");
          throw err;
        });
      });
    }
  };
  window.mermaid = stub;
})();
