/* storykit: draws a page's Plotly charts, in Material's colours, at the size they were laid out for.
 *
 * Each chart has two layouts made at build time, for a phone and for a wide column, each drawn at
 * a fixed width and scaled to the reader's column (the box keeps the layout's proportions, so
 * nothing moves). The layout follows the CSS (storykit.css sets --sk-screen by the column's width).
 * Colours that follow the reader's scheme are placeholders in the figure, filled in here from
 * Material's computed colours, and again when the reader toggles the palette.
 *
 * plotly.js and a chart's figure are fetched only on pages with charts, once the reader scrolls
 * or a chart nears the viewport; then the other charts are drawn one per task. Works on a direct
 * load, after Material's instant navigation (document$) and after back/forward.
 */
(function () {
  "use strict";

  // Resolve the bundle now: after an instant navigation a relative URL would resolve against
  // the new page's address.
  var BUNDLE = new URL("__PLOTLY_BUNDLE__", document.currentScript.src).href;
  var SCHEME_ROLES = __SCHEME_ROLES__; // role -> [placeholder colour, Material's CSS variable]
  var NEAR_PIXELS = 200; // start loading a chart this far before it scrolls into view
  var NEAR_VIEWPORT = NEAR_PIXELS + "px 0px";
  var plotlyLoading = null;
  var figures = {}; // figure URL -> promise of its JSON text
  var visibility = null;
  var sizes = typeof ResizeObserver === "function" ? new ResizeObserver(onResize) : null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = BUNDLE;
        tag.async = true;
        tag.onload = function () {
          resolve(window.Plotly);
          setTimeout(drawTheRest, 0); // after the charts that asked for it
        };
        tag.onerror = function () {
          plotlyLoading = null;
          reject(new Error("plotly.js could not be loaded"));
        };
        document.head.appendChild(tag);
      });
    }
    return plotlyLoading;
  }

  function screenOf(plot) {
    return getComputedStyle(plot).getPropertyValue("--sk-screen").trim() === "phone" ? "phone" : "wide";
  }

  function figureUrl(plot, screen) {
    return new URL(plot.getAttribute("data-sk-" + screen), location.href).href;
  }

  function loadFigure(plot, screen) {
    var url = figureUrl(plot, screen);
    if (!figures[url]) {
      figures[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("the chart's figure could not be loaded");
        return response.text();
      });
      figures[url].catch(function () { delete figures[url]; });
    }
    return figures[url];
  }

  // Colours are read from Material's CSS variables as the browser computes them, never from the
  // scheme's name, so any palette (or a reader's custom one) works.
  function schemeColours() {
    var style = getComputedStyle(document.body);
    var probe = document.createElement("span");
    probe.hidden = true;
    document.body.appendChild(probe);
    var colours = {};
    Object.keys(SCHEME_ROLES).forEach(function (role) {
      probe.style.color = "";
      probe.style.color = style.getPropertyValue(SCHEME_ROLES[role][1]).trim();
      colours[SCHEME_ROLES[role][0]] = getComputedStyle(probe).color;
    });
    probe.remove();
    return colours;
  }

  function themed(text) {
    var colours = schemeColours();
    return JSON.parse(text.replace(/#01020[a-e]/gi, function (placeholder) {
      return colours[placeholder.toLowerCase()] || placeholder;
    }));
  }

  function zoomable(figure) {
    var layout = figure.layout || {};
    return Object.keys(layout).some(function (key) {
      return /^[xy]axis\d*$/.test(key) && layout[key].fixedrange === false;
    });
  }

  function config(plot, figure, Plotly) {
    var buttons = [{
      name: "download-png",
      title: "Download the chart as a PNG image",
      icon: Plotly.Icons.camera,
      click: function () { downloadPng(plot); }
    }];
    if (zoomable(figure)) buttons.push("resetScale2d");
    return { displaylogo: false, responsive: false, modeBarButtons: [buttons], scrollZoom: false };
  }

  function liveOf(plot) { return plot.querySelector(".sk-chart__live"); }

  // The live chart is drawn at its layout's width and scaled like a picture to the box.
  function fit(plot) {
    var live = liveOf(plot);
    if (!live || !plot.clientWidth) return;
    var width = Number(live.getAttribute("data-sk-width"));
    live.style.transform = "scale(" + plot.clientWidth / width + ")";
  }

  function render(plot, screen, Plotly) {
    return loadFigure(plot, screen).then(function (text) {
      var figure = themed(text);
      var live = liveOf(plot);
      if (!live) {
        live = document.createElement("div");
        live.className = "sk-chart__live";
        plot.appendChild(live);
      }
      live.setAttribute("data-sk-width", String(figure.layout.width));
      live.style.width = figure.layout.width + "px";
      live.style.height = figure.layout.height + "px";
      plot.setAttribute("data-sk-screen", screen);
      fit(plot);
      return Plotly.react(live, figure.data, figure.layout, config(plot, figure, Plotly));
    }).then(function () {
      hideDrawingFromScreenReaders(plot);
    });
  }

  function draw(plot) {
    if (plot.getAttribute("data-sk-state")) return Promise.resolve();
    plot.setAttribute("data-sk-state", "loading");
    var screen = screenOf(plot);
    loadFigure(plot, screen).catch(function () { /* reported below */ });
    return loadPlotly().then(function (Plotly) {
      plot.querySelectorAll(".sk-chart__fallback").forEach(function (note) { note.remove(); });
      return render(plot, screen, Plotly);
    }).then(function () {
      plot.setAttribute("data-sk-state", "drawn");
      if (sizes) sizes.observe(plot);
      plot.dispatchEvent(new CustomEvent("storykit:drawn", { bubbles: true }));
    }).catch(function (error) {
      plot.setAttribute("data-sk-state", "failed");
      var note = document.createElement("p");
      note.className = "sk-chart__fallback";
      note.textContent = "The chart could not be drawn (" + error.message + "); its data is in the Data tab.";
      var live = liveOf(plot);
      if (live) live.remove();
      plot.appendChild(note);
    });
  }

  // Screen readers get the description and the data table; the SVG's scattered tick labels would
  // only be noise. The mode bar's buttons stay reachable.
  function hideDrawingFromScreenReaders(plot) {
    plot.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
  }

  function redraw(plot) {
    if (plot.getAttribute("data-sk-state") !== "drawn" || !window.Plotly) return;
    render(plot, screenOf(plot), window.Plotly);
  }

  function onResize(entries) {
    entries.forEach(function (entry) {
      var plot = entry.target;
      if (!plot.clientWidth) return; // a hidden tab
      if (screenOf(plot) !== plot.getAttribute("data-sk-screen")) redraw(plot);
      else fit(plot);
    });
  }

  function allPlots() { return document.querySelectorAll(".sk-chart__plot[data-sk-chart]"); }

  // The library is the costly part; once it is here, every chart left on the page is drawn, one
  // per task so that the reader's scrolling and clicks are served in between. A chart drawn ahead
  // of the reader is ready when they reach it, or jump to it from the table of contents.
  function drawTheRest() {
    var next = Array.prototype.find.call(allPlots(), function (plot) { return !plot.getAttribute("data-sk-state"); });
    if (next) draw(next).then(function () { setTimeout(drawTheRest, 0); });
  }

  function startLoading() {
    loadPlotly().catch(function () { /* each chart shows the failure when it is drawn */ });
  }

  // Watches the charts of the page now shown; safe to run twice for one page (draw() starts each
  // chart once), which happens on the first load.
  function setup() {
    if (visibility) visibility.disconnect();
    window.removeEventListener("scroll", startLoading);
    var plots = allPlots();
    if (!plots.length) return;
    // A reader who scrolls a chart page is on their way to its charts (and may have started
    // before this script ran).
    if (window.scrollY > 0) startLoading();
    else window.addEventListener("scroll", startLoading, { once: true, passive: true });
    if (typeof IntersectionObserver !== "function") {
      plots.forEach(draw);
      return;
    }
    visibility = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        // A chart already scrolled past (the reader was quicker than the page) is drawn too.
        if (entry.isIntersecting || entry.boundingClientRect.bottom < 0) {
          visibility.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: NEAR_VIEWPORT });
    plots.forEach(function (plot) {
      // Charts already near the screen start at once: the observer would first wait for a frame.
      if (nearScreen(plot)) draw(plot);
      else visibility.observe(plot);
    });
    if (window.Plotly) setTimeout(drawTheRest, 0); // arrived by instant navigation: the library is here
  }

  function nearScreen(plot) {
    var box = plot.getBoundingClientRect();
    return box.top < window.innerHeight + NEAR_PIXELS && box.bottom > -NEAR_PIXELS;
  }

  // A PNG with the chart's title and source line, in the colours the reader sees.
  function downloadPng(plot) {
    var Plotly = window.Plotly;
    var chart = plot.closest(".sk-chart");
    loadFigure(plot, screenOf(plot)).then(function (text) {
      var figure = themed(text);
      var layout = figure.layout;
      var title = chart.querySelector(".sk-chart__title").textContent;
      var source = chart.querySelector(".sk-chart__source").cloneNode(true);
      source.querySelectorAll(".sk-chart__csv").forEach(function (link) { link.remove(); });
      var margin = Object.assign({ t: 16, b: 8, l: 8, r: 16 }, layout.margin);
      layout.margin = Object.assign(margin, { t: margin.t + 56, b: margin.b + 40 });
      layout.height += 96;
      layout.title = { text: title, x: 0.01, xanchor: "left", y: 0.98, yanchor: "top", font: { size: 17 } };
      layout.annotations = (layout.annotations || []).concat([{
        text: source.textContent.trim(), xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left",
        yanchor: "top", yshift: -margin.b + 30, showarrow: false, font: { size: 11, color: layout.font.color }
      }]);
      return Plotly.toImage({ data: figure.data, layout: layout }, {
        format: "png", width: layout.width, height: layout.height, scale: 2
      });
    }).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = plot.getAttribute("data-sk-chart") + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  // Re-theme when the reader toggles the palette (Material sets these attributes on <body>).
  new MutationObserver(function () { allPlots().forEach(redraw); }).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-media"]
  });

  // Before printing, draw what is left (lazy charts may not have been scrolled to).
  window.addEventListener("beforeprint", function () { allPlots().forEach(draw); });

  // This script sits at the end of <body>, so the page's charts already exist: start now rather
  // than after Material's own start-up, then again after every instant navigation (document$
  // emits once the new page's content is in place).
  setup();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  }
})();
