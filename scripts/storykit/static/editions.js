/* storykit: the language switcher (Material's, in the header) links to the page being read, in each
 * edition. Instant navigation replaces the page but not the header: after each move, the links follow.
 * Without script, each page's links were written for it at build time. */
(function () {
  "use strict";
  var root = new URL(".", window.__md_scope || location.href).href; // this edition's home page
  function here() {
    var page = location.href.split("#")[0].split("?")[0];
    return page.indexOf(root) === 0 ? page.slice(root.length) : "";
  }
  var first = here();
  var links = [].slice.call(document.querySelectorAll(".md-select__link[hreflang]")).map(function (link) {
    var href = link.href;
    var base = first && href.slice(-first.length) === first ? href.slice(0, href.length - first.length) : href;
    return { link: link, base: base };
  });
  function follow() {
    var page = here();
    links.forEach(function (entry) { entry.link.href = entry.base + page; });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(follow);
})();
