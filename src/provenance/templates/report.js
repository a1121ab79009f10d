// Open the evidence a link points to, and every disclosure before printing.
// Without this script the page still works: browsers open a closed <details> that holds
// the target of a followed link (Chromium does), and every passage opens on a click.
(function () {
  "use strict";
  function reveal(id) {
    var el = id ? document.getElementById(id) : null;
    if (!el) { return; }
    if (el.tagName === "DETAILS") { el.open = true; }
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
    }
  }
  function fromHash() {
    try { reveal(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* bad hash */ }
  }
  document.addEventListener("click", function (event) {
    var a = event.target && event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (a) { reveal(a.getAttribute("href").slice(1)); }
  });
  window.addEventListener("hashchange", fromHash);
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
  fromHash();
})();
