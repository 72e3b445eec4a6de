/* storykit: a chart's embed page tells the page that frames it how tall it is, so that the
 * embed code (an <iframe> and a few lines of script) can fit the frame to it, on a phone as on a
 * desktop. It sends only its height; a page that does not listen keeps the frame's set height. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var sent = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ skEmbedHeight: height }, "*");
  }
  if (typeof ResizeObserver === "function") new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  send();
})();
