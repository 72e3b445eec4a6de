/* storykit: a fact's quote and source, shown on hover and on keyboard focus.
 *
 * Links (facts, and headings' permalinks) carry their text in data-sk-tip. One shared tooltip and
 * a few listeners on the document serve every link, so a page with a hundred facts costs nothing
 * until a reader points at one.
 * (Material's content.tooltips sets up each [title] element when the page starts: on the pages
 * richest in facts that was most of their total blocking time in Lighthouse.)
 * The text is set with textContent: whatever the data holds shows as text.
 */
(function () {
  "use strict";

  var SELECTOR = "[data-sk-tip]";
  var GAP = 8; // pixels between the link and its tooltip, and kept from the window's edges
  var HIDE_AFTER_MS = 150; // time to move the pointer from a link onto its tooltip
  var tip = null;
  var owner = null;
  var hiding = null;

  function tooltip() {
    if (!tip || !tip.isConnected) {
      tip = document.createElement("div");
      tip.id = "sk-tip";
      tip.className = "sk-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(link) {
    cancelHide();
    if (owner === link) return;
    hide();
    var box = tooltip();
    owner = link;
    box.textContent = link.getAttribute("data-sk-tip");
    box.hidden = false;
    // A link labelled with the same words (a heading's permalink) needs no description.
    if (link.getAttribute("aria-label") !== box.textContent) link.setAttribute("aria-describedby", box.id);
    place(link, box);
  }

  // Below the link in the top half of the window, above it in the bottom half (as Material's own
  // tooltips do), and always inside the window's width.
  function place(link, box) {
    var line = link.getClientRects()[0] || link.getBoundingClientRect(); // a wrapped link's first line
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var room = document.documentElement.clientWidth;
    var left = Math.max(GAP, Math.min(line.left + line.width / 2 - width / 2, room - width - GAP));
    var top = line.top >= window.innerHeight / 2 ? line.top - height - GAP : line.bottom + GAP;
    box.style.left = Math.round(left + window.scrollX) + "px";
    box.style.top = Math.round(top + window.scrollY) + "px";
  }

  function hide() {
    cancelHide();
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    if (tip) tip.hidden = true;
  }

  // When the pointer leaves, the tooltip goes, unless the keyboard's focus is on a fact: then that
  // fact's tooltip shows (the pointer may have borrowed it from the focused link on its way).
  function hideSoon() {
    cancelHide();
    hiding = setTimeout(function () {
      hide();
      var focused = document.activeElement;
      if (focused && focused.matches(SELECTOR) && keyboardFocused(focused)) show(focused);
    }, HIDE_AFTER_MS);
  }

  // :focus-visible (focus the reader can see, as from the keyboard) is missing in older browsers,
  // where matches() throws: there, any focus counts.
  function keyboardFocused(element) {
    try {
      return element.matches(":focus-visible");
    } catch (unsupported) {
      return element === document.activeElement;
    }
  }

  function cancelHide() {
    if (hiding) clearTimeout(hiding);
    hiding = null;
  }

  function linkOf(event) {
    return event.target instanceof Element ? event.target.closest(SELECTOR) : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (link) show(link);
    else if (tip && tip.contains(event.target)) cancelHide(); // the reader may point at the text
    else if (owner && !keyboardFocused(owner)) hideSoon(); // a clicked link keeps no tooltip
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link) show(link);
    else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event) === owner) hide();
  });
  // Escape dismisses it without moving the pointer or the focus (WCAG 1.4.13).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  // Material's instant navigation replaces the content, and with it the link the tooltip belongs
  // to; a page left for another should not come back from the back/forward cache with one open.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(hide);
  }
  window.addEventListener("pagehide", hide);
})();
