/* storykit: draws a page's Plotly charts, themed from Material's computed colours.
 *
 * Loaded on every page but fetches plotly.js only when a page has charts, and only once the
 * reader scrolls or a chart nears the viewport: a reader (or Lighthouse) who stays at the top of
 * the page pays nothing for charts further down. Once plotly.js is in, the other charts are drawn
 * one by one in the background, in page order. Works on a direct load, after Material's instant
 * navigation (document$) and after back/forward, and re-themes the charts when the reader
 * toggles the palette.
 */
(function () {
  "use strict";

  // Resolve the bundle now: after an instant navigation a relative URL would resolve against
  // the new page's address.
  var BUNDLE = new URL("__PLOTLY_BUNDLE__", document.currentScript.src).href;
  var NEAR_PIXELS = 200; // start loading a chart this far before it scrolls into view
  var NEAR_VIEWPORT = NEAR_PIXELS + "px 0px";
  var PHONE_WIDTH = 600;
  var plotlyLoading = null;
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

  // Colours are read from Material's CSS variables as the browser computes them, never from the
  // scheme's name, so any palette (or a reader's custom one) works.
  function resolveColour(probe, value, fallback) {
    probe.style.color = "";
    probe.style.color = value;
    return probe.style.color ? getComputedStyle(probe).color : fallback;
  }

  function readTheme() {
    var style = getComputedStyle(document.body);
    var probe = document.createElement("span");
    probe.hidden = true;
    document.body.appendChild(probe);
    var read = function (name, fallback) {
      return resolveColour(probe, style.getPropertyValue(name).trim(), fallback);
    };
    var theme = {
      text: read("--md-typeset-color", "rgb(0, 0, 0)"),
      muted: read("--md-default-fg-color--light", "rgb(100, 100, 100)"),
      line: read("--md-default-fg-color--lighter", "rgb(180, 180, 180)"),
      grid: read("--md-default-fg-color--lightest", "rgb(230, 230, 230)"),
      background: read("--md-default-bg-color", "rgb(255, 255, 255)"),
      font: style.fontFamily
    };
    probe.remove();
    return theme;
  }

  function copy(value) { return JSON.parse(JSON.stringify(value || {})); }

  function themedLayout(figure, plot, theme) {
    var layout = copy(figure.layout);
    var phone = plot.clientWidth < PHONE_WIDTH;
    layout.font = Object.assign(layout.font || {}, { color: theme.text, family: theme.font });
    if (phone) layout.font.size = 12;
    layout.paper_bgcolor = theme.background;
    layout.plot_bgcolor = theme.background;
    layout.hoverlabel = Object.assign(layout.hoverlabel || {}, {
      bgcolor: theme.background, bordercolor: theme.line,
      font: { color: theme.text, family: theme.font, size: phone ? 13 : 14 }
    });
    layout.modebar = { bgcolor: "rgba(0,0,0,0)", color: theme.muted, activecolor: theme.text };
    if (!layout.xaxis) layout.xaxis = {};
    if (!layout.yaxis) layout.yaxis = {};
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        Object.assign(layout[key], {
          gridcolor: theme.grid, linecolor: theme.line, zerolinecolor: theme.line, tickcolor: theme.line
        });
      }
    });
    (layout.annotations || []).forEach(function (note) {
      if (!note.arrowcolor) note.arrowcolor = theme.muted;
      if (phone && note.font && note.font.size > 11) note.font.size = 11;
    });
    (layout.shapes || []).forEach(function (shape) {
      if (shape.line && !shape.line.color) shape.line.color = theme.line;
    });
    layout.height = plot.clientHeight;
    layout.autosize = true;
    delete layout.width;
    return layout;
  }

  function chartOf(plot) { return plot.closest(".sk-chart"); }

  function figureOf(plot) { return JSON.parse(plot.getAttribute("data-sk-figure")); }

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
    return {
      displaylogo: false,
      responsive: false, // the ResizeObserver below also covers tabs and the drawer
      modeBarButtons: [buttons],
      scrollZoom: false
    };
  }

  function draw(plot) {
    if (plot.getAttribute("data-sk-state")) return Promise.resolve();
    plot.setAttribute("data-sk-state", "loading");
    return loadPlotly().then(function (Plotly) {
      var figure = figureOf(plot);
      plot.textContent = "";
      return Plotly.newPlot(plot, figure.data, themedLayout(figure, plot, readTheme()),
                            config(plot, figure, Plotly));
    }).then(function () {
      hideDrawingFromScreenReaders(plot);
      plot.setAttribute("data-sk-state", "drawn");
      plot.setAttribute("data-sk-width", String(plot.clientWidth));
      if (sizes) sizes.observe(plot);
      plot.dispatchEvent(new CustomEvent("storykit:drawn", { bubbles: true }));
    }).catch(function (error) {
      plot.setAttribute("data-sk-state", "failed");
      var note = document.createElement("p");
      note.className = "sk-chart__fallback";
      note.textContent = "The chart could not be drawn (" + error.message + "); its data is in the Data tab.";
      plot.textContent = "";
      plot.appendChild(note);
    });
  }

  // Screen readers get the description and the data table; the SVG's scattered tick labels would
  // only be noise. The mode bar's buttons stay reachable.
  function hideDrawingFromScreenReaders(plot) {
    plot.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
  }

  function redraw(plot) {
    if (plot.getAttribute("data-sk-state") !== "drawn" || !plot.clientWidth) return;
    var figure = figureOf(plot);
    plot.setAttribute("data-sk-width", String(plot.clientWidth));
    window.Plotly.react(plot, figure.data, themedLayout(figure, plot, readTheme()),
                        config(plot, figure, window.Plotly)).then(function () {
      hideDrawingFromScreenReaders(plot);
    });
  }

  function onResize(entries) {
    entries.forEach(function (entry) {
      var plot = entry.target;
      if (plot.clientWidth && String(plot.clientWidth) !== plot.getAttribute("data-sk-width")) redraw(plot);
    });
  }

  function allPlots() { return document.querySelectorAll(".sk-chart__plot[data-sk-figure]"); }

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
    var chart = chartOf(plot);
    var figure = figureOf(plot);
    var layout = themedLayout(figure, plot, readTheme());
    var title = chart.querySelector(".sk-chart__title").textContent;
    var source = chart.querySelector(".sk-chart__source").cloneNode(true);
    source.querySelectorAll(".sk-chart__csv").forEach(function (link) { link.remove(); });
    var width = Math.max(plot.clientWidth, 720);
    var margin = Object.assign({ t: 16, b: 8, l: 8, r: 16 }, layout.margin);
    layout.margin = Object.assign(margin, { t: margin.t + 56, b: margin.b + 40 });
    layout.height = plot.clientHeight + 96;
    layout.width = width;
    layout.title = { text: title, x: 0.01, xanchor: "left", y: 0.98, yanchor: "top", font: { size: 17 } };
    layout.annotations = (layout.annotations || []).concat([{
      text: source.textContent.trim(), xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left",
      yanchor: "top", yshift: -margin.b + 30, showarrow: false, font: { size: 11, color: layout.font.color }
    }]);
    Plotly.toImage({ data: figure.data, layout: layout }, {
      format: "png", width: width, height: layout.height, scale: 2
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

  // Before printing, draw what is left (lazy charts may not have been scrolled to) and fit the
  // drawn charts to the paper's width; afterwards, give them back their width on screen.
  var PRINT_WIDTH = 640;
  window.addEventListener("beforeprint", function () {
    allPlots().forEach(function (plot) {
      if (plot.getAttribute("data-sk-state") === "drawn" && plot.clientWidth > PRINT_WIDTH) {
        window.Plotly.relayout(plot, { width: PRINT_WIDTH });
      } else {
        draw(plot);
      }
    });
  });
  window.addEventListener("afterprint", function () { allPlots().forEach(redraw); });

  // This script sits at the end of <body>, so the page's charts already exist: start now rather
  // than after Material's own start-up, then again after every instant navigation (document$
  // emits once the new page's content is in place).
  setup();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  }
})();
