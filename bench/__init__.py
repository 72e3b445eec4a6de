"""`make bench`: measure the site's chart pages against the usual way of embedding Plotly.

Run from the repository root: `python -m bench` (about 10 minutes), or `python -m bench --quick`
(one run of each kind, one chart page and the home page) while working on the bench itself.

    config.py      settings, the plan (full or quick) and the targets
    builds.py      cold and warm full builds, timed, on a copy of the project
    site.py        what a built site holds: pages, charts
    usual.py       "the usual way" pages: each chart embedded by plotly.io.to_html with plotly.min.js
    serve.py       the gzip loopback server that counts bytes on the wire
    measure.py     the browser scenarios (scroll through; then point at every chart), with instrument.js
    lighthouse.py  Lighthouse runs, the median one kept
    rebuilds.py    under mkdocs serve, from saving a data file to the rebuilt page
    summary.py     medians and ratios per page, bytes per kind of resource
    targets.py     each target's PASS/FAIL
    report.py      the printed report

It is a measurement, not a test: it exits 0 when targets fail, and non-zero only when something
could not be measured.
"""
