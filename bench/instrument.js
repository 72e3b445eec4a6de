/* Injected before any page script (measure.py): scrolls like a hurried reader, notes when every
 * chart is visible, when each chart is pointed at and when it turns live, and sums layout shifts.
 * SETTINGS is replaced with {variant: "ours" | "usual", expected: number of charts, everyMs}.
 */
(() => {
  const settings = SETTINGS;
  const bench = window.__bench = {
    visibleAt: null, scrolledAt: null, screens: 0, cls: 0, shifts: [], pointedAt: {}, liveAt: {}, failed: [],
  };
  const PLOT = settings.variant === "ours" ? ".sk-chart__plot[data-sk-chart]" : ".plotly-graph-div";

  // Visible: ours, a picture of the chart laid out with a box (the phone one is hidden at this
  // width); the usual way, Plotly's drawing with its traces in it.
  function shown(element) {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden";
  }
  function isVisible(plot) {
    if (settings.variant === "ours") return [...plot.querySelectorAll("svg.sk-chart__picture")].some(shown);
    return plot.querySelector(".main-svg") !== null && plot.querySelector(".trace") !== null;
  }
  function visibleCount() {
    return [...document.querySelectorAll(PLOT)].filter(isVisible).length;
  }

  // Checked at every frame, when the browser is about to paint, for both variants alike.
  function watchVisible() {
    if (visibleCount() >= settings.expected) bench.visibleAt = performance.now();
    else requestAnimationFrame(watchVisible);
  }
  if (settings.expected > 0) requestAnimationFrame(watchVisible);

  // Pointing (ours): the first pointer, focus or click reaching each chart, and its state changes.
  // Captured on the document, so they are noted before charts.js's own listeners act on them.
  function note(event) {
    const plot = event.target instanceof Element ? event.target.closest(PLOT) : null;
    if (plot && settings.variant === "ours") {
      const id = plot.getAttribute("data-sk-chart");
      if (!(id in bench.pointedAt)) bench.pointedAt[id] = performance.now();
    }
  }
  ["pointerover", "focusin", "click"].forEach((type) => document.addEventListener(type, note, { capture: true }));
  new MutationObserver((records) => {
    for (const record of records) {
      const plot = record.target;
      const id = plot.getAttribute("data-sk-chart");
      const state = plot.getAttribute("data-sk-state");
      if (state === "live" && !(id in bench.liveAt)) bench.liveAt[id] = performance.now();
      if (state === "failed" && !bench.failed.includes(id)) bench.failed.push(id);
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-sk-state"] });

  const shifts = new PerformanceObserver((list) => record(list.getEntries()));
  function record(entries) {
    for (const entry of entries) {
      if (entry.hadRecentInput) continue;
      bench.cls += entry.value;
      bench.shifts.push({ at: Math.round(entry.startTime), value: entry.value,
        nodes: (entry.sources || []).map((source) => describe(source.node)) });
    }
  }
  function describe(node) {
    if (!node || !node.tagName) return String(node && node.nodeName);
    return node.tagName.toLowerCase() + (node.className && typeof node.className === "string"
      ? "." + node.className.trim().split(/\s+/).join(".") : "");
  }
  shifts.observe({ type: "layout-shift", buffered: true });

  // One screen per tick, each applied in an animation frame so the browser renders (and runs
  // its intersection observers) at every position, as it would for a reader's scrolling.
  function tick() {
    requestAnimationFrame(() => {
      const page = document.scrollingElement;
      if (page && document.body) {
        const atBottom = Math.ceil(window.scrollY + window.innerHeight) >= page.scrollHeight;
        if (atBottom && document.readyState === "complete") {
          bench.scrolledAt = performance.now();
          return;
        }
        window.scrollBy({ top: window.innerHeight, behavior: "instant" });
        bench.screens += 1;
      }
      setTimeout(tick, settings.everyMs);
    });
  }
  setTimeout(tick, settings.everyMs);

  bench.scrolled = () => bench.scrolledAt !== null && (settings.expected === 0 || bench.visibleAt !== null);
  bench.settled = (id) => id in bench.liveAt || bench.failed.includes(id);
  bench.report = () => {
    record(shifts.takeRecords());
    const navigation = performance.getEntriesByType("navigation")[0];
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    // The check runs as a frame starts, before it paints; nothing is seen before the first paint.
    const visibleAt = bench.visibleAt === null ? null : Math.max(bench.visibleAt, paint ? paint.startTime : 0);
    return { visibleAt, scrolledAt: bench.scrolledAt, screens: bench.screens, cls: bench.cls,
             shifts: bench.shifts.slice(0, 20), visible: visibleCount(),
             pointedAt: bench.pointedAt, liveAt: bench.liveAt, failed: bench.failed,
             firstContentfulPaint: paint ? paint.startTime : null,
             domContentLoaded: navigation ? navigation.domContentLoadedEventEnd : null,
             load: navigation ? navigation.loadEventEnd : null };
  };
})();
