/* storykit: a chart is a picture until the reader wants more, then the live Plotly chart.
 *
 * Every chart arrives in the page as a picture made at build time (an SVG for a phone and one for
 * a wide column; the CSS shows the one that fits and colours it from Material's variables). A
 * reader who only reads and scrolls downloads nothing else. Pointing at a chart, focusing it with
 * the keyboard or tapping it fetches plotly.js and the chart's figure, draws the live chart hidden
 * over the picture from the very same figure, then swaps the two: nothing moves, nothing changes
 * but the chart's becoming interactive.
 *
 * The live chart is drawn at its layout's width and scaled to the column, as the picture is.
 * Colours that follow the reader's scheme are placeholders in the figure, filled in here from
 * Material's computed colours, and again when the reader toggles the palette. Works on a direct
 * load, after Material's instant navigation (document$) and after back/forward.
 */
(function () {
  "use strict";

  // Resolve the bundle now: after an instant navigation a relative URL would resolve against
  // the new page's address.
  var BUNDLE = new URL("__PLOTLY_BUNDLE__", document.currentScript.src).href;
  var SCHEME_ROLES = __SCHEME_ROLES__; // role -> [placeholder colour, Material's CSS variable]
  var WORDS = __WORDS__; // the language's words for what the loader adds (storykit/words, chart.script)
  var PLOT = ".sk-chart__plot[data-sk-chart]";
  var plotlyLoading = null;
  var figures = {}; // figure URL -> promise of its JSON text
  var sizes = typeof ResizeObserver === "function" ? new ResizeObserver(onResize) : null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = BUNDLE;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () {
          plotlyLoading = null;
          tag.remove();
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

  function loadFigure(plot, screen) {
    var url = new URL(plot.getAttribute("data-sk-" + screen), location.href).href;
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
      title: WORDS.download_png,
      icon: Plotly.Icons.camera,
      click: function () { downloadPng(plot); }
    }];
    if (zoomable(figure)) buttons.push("resetScale2d");
    return { displaylogo: false, responsive: false, modeBarButtons: [buttons], scrollZoom: false };
  }

  function liveOf(plot) { return plot.querySelector(".sk-chart__live"); }

  // The live chart is drawn at its layout's width and scaled like the picture to the box.
  function fit(plot) {
    var live = liveOf(plot);
    if (!live || !plot.clientWidth) return;
    live.style.transform = "scale(" + plot.clientWidth / Number(live.getAttribute("data-sk-width")) + ")";
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
      // Screen readers get the description and the data table; the drawing would only be noise.
      plot.querySelectorAll(".sk-chart__live svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
    });
  }

  // The reader wants the chart: draw the live one over the picture, then swap them.
  function bringToLife(plot) {
    if (plot.getAttribute("data-sk-state")) return;
    plot.setAttribute("data-sk-state", "loading");
    var screen = screenOf(plot);
    loadFigure(plot, screen).catch(function () { /* reported below */ });
    loadPlotly().then(function (Plotly) {
      return render(plot, screen, Plotly);
    }).then(function () {
      plot.setAttribute("data-sk-state", "live");
      if (sizes) sizes.observe(plot);
      plot.dispatchEvent(new CustomEvent("storykit:live", { bubbles: true }));
    }).catch(function () {
      // The picture stays: the reader still has the whole chart, its data and its description.
      plot.setAttribute("data-sk-state", "failed");
      var live = liveOf(plot);
      if (live) live.remove();
    });
  }

  function redraw(plot) {
    if (plot.getAttribute("data-sk-state") !== "live" || !window.Plotly) return;
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

  // Intent: a pointer (not a finger passing by on its way to scroll), keyboard focus, or a tap.
  // Listeners sit on the document, so they serve every page that instant navigation brings in.
  function plotOf(event) {
    return event.target instanceof Element ? event.target.closest(PLOT) : null;
  }
  document.addEventListener("pointerover", function (event) {
    var plot = plotOf(event);
    if (plot && event.pointerType !== "touch") bringToLife(plot);
  }, { passive: true });
  document.addEventListener("focusin", function (event) {
    var plot = plotOf(event);
    if (plot) bringToLife(plot);
  });
  document.addEventListener("click", function (event) {
    var plot = plotOf(event);
    if (plot) bringToLife(plot);
  });

  // Each chart can take keyboard focus (named by its title, described by its description), which
  // brings the live chart and its buttons. Without script it is a picture and is not focusable.
  function setup() {
    document.querySelectorAll(PLOT).forEach(function (plot) {
      plot.tabIndex = 0;
      plot.setAttribute("aria-roledescription", WORDS.role);
    });
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
      source.querySelectorAll(".sk-chart__downloads").forEach(function (link) { link.remove(); });
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

  // Re-theme the live charts when the reader toggles the palette (the pictures follow by CSS), or
  // when the system's scheme changes (an embed page, without Material, follows it).
  function rethemeAll() { document.querySelectorAll(PLOT).forEach(redraw); }
  new MutationObserver(rethemeAll).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-media"]
  });
  if (window.matchMedia) {
    var dark = window.matchMedia("(prefers-color-scheme: dark)");
    if (dark.addEventListener) dark.addEventListener("change", rethemeAll);
  }

  // The code to embed a chart in another page, written when the reader opens "Embed this chart" (the
  // block carries only the frame's address and height). The script in it fits each frame to its
  // page's height, as the page reports it (embed.js); a page that does not run it keeps the set height.
  var RESIZE = '<script>addEventListener("message", function (event) { var frames = document.querySelectorAll(' +
    '"iframe[data-sk-embed]"); for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === ' +
    'event.source && event.data && event.data.skEmbedHeight > 0) frames[i].style.height = ' +
    'event.data.skEmbedHeight + "px"; });</' + 'script>';
  function attribute(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" }[c];
    });
  }
  function writeEmbedCode(details) {
    var code = details.querySelector(".sk-chart__code[data-sk-frame]");
    var title = details.closest(".sk-chart").querySelector(".sk-chart__title");
    if (!code || code.textContent) return;
    code.textContent = '<iframe src="' + attribute(code.getAttribute("data-sk-frame")) + '" title="' +
      attribute(title.textContent) + '" width="100%" height="' + Number(code.getAttribute("data-sk-height")) +
      '" style="border: 0; max-width: 100%;" loading="lazy" data-sk-embed></iframe>\n' + RESIZE;
  }
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details instanceof Element && details.matches(".sk-chart__embed") && details.open) writeEmbedCode(details);
  }, true);

  // This script sits at the end of <body>, so the page's charts already exist: set them up now,
  // then again after every instant navigation (document$ emits once the new page is in place).
  setup();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  }
})();
