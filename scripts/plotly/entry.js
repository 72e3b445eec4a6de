// The plotly.js this site serves: built at install time (see the Makefile) from the pinned
// plotly.js sources, with only what the story's charts use. Scatter and bar traces,
// annotations, shapes, legend, hover, the mode bar and PNG export; no maps, 3D, pies or
// sliders; culori narrowed to sRGB colours and no merging of selections (the Makefile's aliases).
// 331 kB gzipped: 16% smaller than plotly.js-basic-dist-min.
"use strict";

var Registry = require("plotly.js/src/registry");
var plotApi = require("plotly.js/src/plot_api");

require("plotly.js/build/plotcss");

var Plotly = { version: require("plotly.js/src/version").version, register: Registry.register };

Object.keys(plotApi).forEach(function (name) {
  if (name.charAt(0) !== "_") Plotly[name] = plotApi[name];
  Registry.register({ moduleType: "apiMethod", name: name, fn: plotApi[name] });
});

Registry.register(require("plotly.js/src/traces/scatter"));
Registry.register([
  require("plotly.js/src/components/annotations"),
  require("plotly.js/src/components/shapes"),
  require("plotly.js/src/components/colorscale"),
  require("plotly.js/src/components/colorbar"),
  require("plotly.js/src/components/legend"), // after shapes: its defaults read them
  require("plotly.js/src/components/fx"), // after legend: unified hover reads its defaults
  require("plotly.js/src/components/modebar")
]);
Registry.register([require("plotly.js/src/locale-en"), require("plotly.js/src/locale-en-us")]);
Registry.register(require("plotly.js/src/traces/bar"));

Plotly.Icons = require("plotly.js/src/fonts/ploticon");

module.exports = Plotly;
