# One task runner: these targets are the commands the README shows.
#   make serve   set up, then serve every edition with live reload (English at :8000, Chinese at :8001)
#   make build   set up, then build every edition into site/ (replaced only if the build succeeds)
#   make test    set up everything the tests need, then run them all (the generator's, then this site's)
#   make test-story STORY=path   the generator's tests (tests/storykit) against another story
#   make bench   measure chart pages against the usual way of embedding Plotly (bench/)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMPS := .make
SITE_DIR ?= site
# The browser that exports the charts' pictures and runs the browser tests. Debian's by default;
# on a machine without apt, set BROWSER_PATH to a Chrome or Chromium (kaleido reads it too).
CHROMIUM ?= $(or $(BROWSER_PATH),/usr/bin/chromium)
export CHROMIUM
PLOTLY_BUNDLE := .cache/plotly/plotly-story.min.js
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PYTHONDONTWRITEBYTECODE := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-story bench schema clean setup test-setup

# One server per edition (mkdocs.yml's `editions`), each with live reload, on consecutive ports from 8000:
# the language switcher links them. `make serve EDITIONS=en` serves the English edition alone. Ctrl-C stops all.
EDITIONS ?=
serve: setup
	$(BIN)/storykit serve $(EDITIONS)

build: setup
	$(BIN)/storykit build --site-dir $(SITE_DIR)

# The types first (mypy, settings in pyproject.toml: no error allowed), then both suites (pytest.ini's testpaths):
# tests/storykit, the generator's, against tests/stories/ferry; tests/story, this site's content.
test: test-setup
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The generator's tests against any story's folder (the one holding its mkdocs.yml).
STORY ?= tests/stories/ferry
test-story: test-setup
	$(BIN)/python -m pytest tests/storykit --story $(STORY)

bench: test-setup
	PYTHONPATH=scripts $(BIN)/python -m bench

# Building needs a browser too: each chart's picture is exported through Chromium (kaleido), and the
# Chinese edition's pictures and cards need CJK fonts (Debian's fonts-noto-cjk).
setup: $(STAMPS)/python $(PLOTLY_BUNDLE) $(STAMPS)/chromium $(STAMPS)/fonts

# The development packages first, so that a fresh machine runs `npm ci` once. Java runs the Nu Html
# Checker (vnu-jar, an npm dev dependency) over every built page.
test-setup: $(STAMPS)/npm-dev setup $(STAMPS)/python-test $(STAMPS)/java

# The JSON Schemas editors check the data files against, made from the machinery's models (a test
# fails when they are out of step).
schema: setup
	$(BIN)/python -m storykit.data.schema

clean:
	rm -rf $(VENV) $(STAMPS) node_modules $(SITE_DIR) .site-* .cache

$(STAMPS):
	mkdir -p $(STAMPS)

# The pinned packages, then storykit itself (pyproject.toml), editable: the plugin and the `storykit` command
# run the code in scripts/storykit/ as it is.
$(STAMPS)/python: requirements.txt pyproject.toml | $(STAMPS)
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(STAMPS)/python-test: requirements-test.txt requirements-cff.txt $(STAMPS)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-cff.txt
	touch $@

# The site's plotly.js is built from node_modules (pinned by package-lock.json). The tests' and the
# benchmark's packages (Readability, Lighthouse) are dev dependencies, installed only for them.
$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	rm -f $(STAMPS)/npm-dev
	touch $@

$(STAMPS)/npm-dev: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMPS)/npm $@

# plotly.js with only the traces and components the charts use (scripts/plotly/entry.js), from the
# pinned sources; the npm stamp is order-only so reinstalling packages does not force a rebuild.
# Two of its dependencies are narrowed to what the charts need (scripts/plotly/*.js says why).
$(PLOTLY_BUNDLE): scripts/plotly/entry.js scripts/plotly/culori.js scripts/plotly/no-polygon-merging.js \
                  package-lock.json | $(STAMPS)/npm
	mkdir -p $(@D)
	node_modules/.bin/esbuild scripts/plotly/entry.js --bundle --minify --format=iife --global-name=Plotly \
	  --alias:culori=./scripts/plotly/culori.js --alias:polybooljs=./scripts/plotly/no-polygon-merging.js \
	  --define:global=window --define:define.amd=false --target=es2016 --log-level=warning \
	  --legal-comments=none --outfile=$@.esbuild.js \
	  --banner:js="/*! plotly.js $$(node -p 'require("plotly.js/package.json").version') (scatter and bar only) | (c) Plotly, Inc. | MIT License */"
	node_modules/.bin/terser $@.esbuild.js --compress passes=2 --mangle --comments some --output $@.terser.js
	mv $@.terser.js $@
	rm -f $@.esbuild.js $@.esbuild.css  # esbuild also writes out CSS the bundle does not use

$(STAMPS)/fonts: | $(STAMPS)
	[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || ($(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-cjk >/dev/null)
	touch $@

$(STAMPS)/java: | $(STAMPS)
	command -v java >/dev/null || ($(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null)
	touch $@

# Debian's chromium draws the charts' pictures at build time (kaleido) and runs the browser tests:
# Playwright's own browser download fails offline. Elsewhere, set BROWSER_PATH (see the README).
$(STAMPS)/chromium: | $(STAMPS)
	[ -x $(CHROMIUM) ] || [ -n "$(BROWSER_PATH)" ] || ($(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null)
	touch $@
