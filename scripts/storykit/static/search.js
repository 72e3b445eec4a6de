/* storykit: Material's search index and worker, fetched when the reader goes to the search.
 *
 * Material's bundle fetches the search index and starts its search worker as soon as it runs, for
 * every reader, whether or not they search: a third of a page's bytes. This script runs just before
 * the bundle (storykit/site/material.py) and, while the bundle starts, holds back that one request and
 * that one worker. Both go the moment the reader heads for the search: points at the search box or
 * button, taps it, focuses it (Material's "/", "s" and "f" keys focus it too) or opens it. A link
 * that asks Material to search or highlight (?q=, ?h=) lets them go at once.
 * Material runs the query typed meanwhile as soon as its worker is ready, so the first keystroke is
 * answered; nothing in Material's bundle is changed. Once the bundle has started, the browser's own
 * XMLHttpRequest and Worker are put back.
 */
(function () {
  "use strict";

  var config = document.getElementById("__config");
  if (!config || !document.forms.namedItem("search") || !window.EventTarget) return;
  var settings = JSON.parse(config.textContent);
  if (!settings.search) return;
  var INDEX = new URL("search/search_index.json", new URL(settings.base, location.href)).href;
  var WORKER = new URL(settings.search, location.href).href;
  var SEARCH = ".md-search, [for='__search']";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var BrowserWorker = window.Worker;
  var addresses = new WeakMap(); // request -> the address it was opened with
  var held = []; // what starts once the reader wants the search
  var wanted = false;

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (start) { start(); });
    ["pointerover", "pointerdown", "focusin", "change"].forEach(function (type) {
      document.removeEventListener(type, onIntent, true);
    });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    addresses.set(this, new URL(url, location.href).href);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (wanted || addresses.get(request) !== INDEX) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  // A stand-in with what Material uses of a worker (messages both ways), which starts the real one
  // when the search is wanted and passes on what was posted before.
  function LaterWorker(url, options) {
    var stand = new EventTarget();
    var worker = null;
    var posted = [];
    stand.postMessage = function (message) {
      if (worker) worker.postMessage(message);
      else posted.push(message);
    };
    stand.terminate = function () {
      if (worker) worker.terminate();
      posted = [];
    };
    held.push(function () {
      worker = new BrowserWorker(url, options);
      worker.addEventListener("message", function (event) {
        stand.dispatchEvent(new MessageEvent("message", { data: event.data }));
      });
      posted.splice(0).forEach(function (message) { worker.postMessage(message); });
    });
    return stand;
  }
  window.Worker = function (url, options) {
    if (wanted || new URL(url, location.href).href !== WORKER) return new BrowserWorker(url, options);
    return LaterWorker(url, options);
  };

  // The loader tells the bundle the document is ready once every script has run: by then Material
  // has made its one index request and its one worker.
  document.addEventListener("DOMContentLoaded", function () {
    XMLHttpRequest.prototype.open = open;
    XMLHttpRequest.prototype.send = send;
    window.Worker = BrowserWorker;
  }, { once: true });

  function onIntent(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.closest(SEARCH) || (event.type === "change" && target.getAttribute("data-md-toggle") === "search")) {
      want();
    }
  }
  ["pointerover", "pointerdown", "focusin", "change"].forEach(function (type) {
    document.addEventListener(type, onIntent, true);
  });
  var query = new URLSearchParams(location.search);
  if (query.has("q") || query.has("h")) want();
})();
