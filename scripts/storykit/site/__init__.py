"""The one record of a build and what it is made with: `record` (`make_build` makes the immutable
`Build` every page and file is made from), `assets` (the site's stylesheets and scripts, named by their
content), `cards` (social cards), `citation` (how to cite a page), `dataset` (the data package's columns),
`headers` (the security headers the site works under) and `material` (Material's pages and search index as
the site serves them)."""
