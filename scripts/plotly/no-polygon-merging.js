// plotly.js merges lasso and box selections with polybooljs when a reader holds Shift while
// selecting. These charts offer no selection (their mode bar has only PNG download and reset), so
// the Makefile points `polybooljs` here, and the library's 14 kB stay out of the bundle.
function unavailable() {
  throw new Error("merging selections is not part of this plotly.js bundle");
}

module.exports = { union: unavailable, difference: unavailable };
