"""Charts in a real Chromium: a picture at first paint, the live chart on intent, with nothing moving.

A chart arrives as the picture made at build time. Pointing at it, focusing it or tapping it
brings plotly.js and the live chart, drawn from the same figure over the picture; a reader who
only scrolls never downloads plotly.js. These tests drive each path and compare what a reader sees, on the
story `--story` names.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urljoin

import pytest
from PIL import Image, ImageChops

from helpers import bring_charts_to_life, needs, scroll_through, soup_of

pytestmark = pytest.mark.browser

LIVE = "(id) => document.querySelector(`[data-sk-chart=${id}]`).dataset.skState === 'live'"
# Layout shifts, counted from the moment the page is told to start listening.
WATCH_SHIFTS = """() => { window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach(entry => {
    if (!entry.hadRecentInput) window.__shift += entry.value; })).observe({type: 'layout-shift', buffered: false}); }"""


def plotly_requests(page) -> list[str]:
    return [url for url in page.watch.requests if "plotly" in url or url.endswith(".json") and "/charts/" in url]


def chart_ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.dataset.skChart)")


def charts_on(story_under_test, site_dir) -> dict[str, int]:
    """The first edition's pages, each with how many charts it shows."""
    return {path: len(soup_of(site_dir, path).select(".sk-chart__plot")) for path in story_under_test.pages()}


def busiest(story_under_test, site_dir, at_least: int = 1) -> str:
    """The page with the most charts."""
    counts = charts_on(story_under_test, site_dir)
    page = max(counts, key=counts.get)
    needs(counts[page] >= at_least, f"no page with {at_least} charts or more")
    return page


def plotted_facts(site_dir, chart: str) -> list[str]:
    """The facts a chart plots (not a series' days), in the order its figure gives them."""
    figure = json.loads((site_dir / "charts" / f"{chart}.wide.json").read_text(encoding="utf-8"))
    return list(dict.fromkeys(name for trace in figure["data"] for ids in trace.get("customdata") or []
                              for name in str(ids or "").split() if "@" not in name))


# The picture, before any script is asked for


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_who_scrolls_through_every_page_downloads_no_plotly(story_under_test, site_dir, new_page, site_url,
                                                                     width):
    counts = charts_on(story_under_test, site_dir)
    assert any(counts.values())
    page = new_page(width=width, height=800)
    for path, charts in counts.items():
        page.goto(site_url + path)
        scroll_through(page)
        page.wait_for_load_state("networkidle")
        if charts:
            pictures = page.locator(f".sk-chart__picture--{'phone' if width < 500 else 'wide'}")
            assert pictures.count() == charts
            assert all(picture.is_visible() for picture in pictures.all()), "each chart shows as its picture"
    assert plotly_requests(page) == [], "nothing for the live charts until the reader asks"
    assert page.locator(".sk-chart__plot[data-sk-state]").count() == 0


def test_with_javascript_off_every_chart_is_visible_with_its_words(browser, site_url, chart_page):
    path = chart_page
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + path)
        for chart in page.locator(".sk-chart").all():
            picture = chart.locator(".sk-chart__picture--wide")
            box = picture.bounding_box()
            assert picture.is_visible() and box["width"] > 600 and box["height"] > 250
            assert len(picture.locator("text").all_text_contents()) >= 4, "the picture's labels are real text"
            for part in (".sk-chart__title", ".sk-chart__description", ".sk-chart__source"):
                assert chart.locator(part).inner_text().strip(), part
    finally:
        context.close()


# The live chart, on intent


def test_pointing_focusing_and_tapping_each_bring_the_live_chart(story_under_test, site_dir, new_page, browser,
                                                                site_url):
    path = busiest(story_under_test, site_dir, at_least=2)
    page = new_page()
    page.goto(site_url + path)
    growth, daily_use, *others = chart_ids(page)
    page.locator(f"[data-sk-chart={growth}]").hover()  # a mouse pointing at the chart
    page.wait_for_function(LIVE, arg=growth)
    assert page.locator(f"[data-sk-chart={daily_use}]").get_attribute("data-sk-state") is None, "one chart at a time"
    page.keyboard.press("Tab")  # keyboard: focus moves on from wherever it is, until it reaches a chart
    for _ in range(200):
        if page.evaluate("document.activeElement.dataset.skChart") == daily_use:
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-roledescription')") == "chart"
    assert page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == f"chart-{daily_use}-title"
    page.wait_for_function(LIVE, arg=daily_use)
    for wecom in others:
        assert page.locator(f"[data-sk-chart={wecom}]").get_attribute("data-sk-state") is None, "one chart at a time"
    assert len([url for url in plotly_requests(page) if url.endswith(".js")]) == 1, "plotly.js is fetched once"
    phone = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    phone.goto(site_url + path)
    first = chart_ids(phone)[0]
    phone.locator(f"[data-sk-chart={first}]").scroll_into_view_if_needed()
    assert plotly_requests(phone) == [], "scrolling with a finger is not asking for the chart"
    phone.locator(f"[data-sk-chart={first}]").tap()
    phone.wait_for_function(LIVE, arg=first)
    assert [url.rsplit("/", 1)[1] for url in plotly_requests(phone) if url.endswith(".json")] == \
        [f"{first}.phone.json"], "a phone fetches the phone layout"


@pytest.mark.parametrize("width, scheme", [(375, "light"), (1280, "light"), (1280, "dark"), (768, "light")])
def test_the_live_chart_takes_the_pictures_place_with_nothing_moving_or_changing(story_under_test, site_dir, new_page,
                                                                                site_url, width, scheme):
    page = new_page(width=width, height=900, scheme=scheme)
    page.goto(site_url + busiest(story_under_test, site_dir))
    for chart in chart_ids(page):
        plot = page.locator(f"[data-sk-chart={chart}]")
        plot.scroll_into_view_if_needed()
        page.evaluate(WATCH_SHIFTS)
        box = plot.bounding_box()
        before = Image.open(io.BytesIO(plot.screenshot())).convert("RGB")
        plot.focus()  # keyboard focus: no pointer over the chart, so its mode bar stays hidden
        page.wait_for_function(LIVE, arg=chart)
        page.wait_for_timeout(100)
        after = Image.open(io.BytesIO(plot.screenshot())).convert("RGB")
        assert plot.bounding_box() == box and page.evaluate("window.__shift") == 0, "nothing moves"
        assert plot.locator(".sk-chart__picture").first.evaluate("svg => getComputedStyle(svg).visibility") == "hidden"
        changed = ImageChops.difference(before, after).convert("L").point(lambda level: 255 if level > 48 else 0)
        share = changed.histogram()[255] / (changed.width * changed.height)
        # Drawn at the layout's own width the two are the same to the pixel; scaled, text is
        # rasterised a little differently (measured: 0.2% of pixels at 768 px).
        assert share <= (0.0005 if width in (375, 1280) else 0.01), (chart, width, scheme, share)


# A text's colour as rgba(), joining SVG's fill and fill-opacity (Plotly splits them; a picture does not).
TEXT_COLOUR = """(selector) => { const style = getComputedStyle(document.querySelector(selector));
    const [r, g, b, a = 1] = style.fill.match(/[\\d.]+/g).map(Number);
    return `rgba(${r}, ${g}, ${b}, ${Math.round(a * Number(style.fillOpacity) * 100) / 100})`; }"""
PAGE_COLOUR = """() => { const [r, g, b, a = 1] = getComputedStyle(document.querySelector('.md-typeset')).color
    .match(/[\\d.]+/g).map(Number); return `rgba(${r}, ${g}, ${b}, ${a})`; }"""


def test_the_palette_toggle_changes_the_picture_at_once_and_redraws_a_live_chart(story_under_test, site_dir, new_page,
                                                                                 site_url):
    needs(story_under_test.has_palette_toggle, "no palette toggle (theme.palette)")
    page = new_page(scheme="light")
    page.goto(site_url + busiest(story_under_test, site_dir, at_least=2))
    first, second = chart_ids(page)[:2]
    picture_text = f"[data-sk-chart={second}] .sk-chart__picture--wide :is(.ytick, .xtick) text"
    light = page.evaluate(TEXT_COLOUR, picture_text)
    assert light == page.evaluate(PAGE_COLOUR), "the picture's text has the page's text colour"
    page.locator(f"[data-sk-chart={first}]").hover()
    page.wait_for_function(LIVE, arg=first)
    live_text = f"[data-sk-chart={first}] .sk-chart__live :is(.ytick, .xtick) text"
    assert page.evaluate(TEXT_COLOUR, live_text) == light
    for _ in range(3):
        if page.evaluate("document.body.dataset.mdColorScheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    dark = page.evaluate(TEXT_COLOUR, picture_text)
    assert dark != light and dark == page.evaluate(PAGE_COLOUR), "the picture takes the new colour at once"
    page.wait_for_function(f"([selector, colour]) => ({TEXT_COLOUR})(selector) === colour", arg=[live_text, dark])
    paper = page.evaluate(f"getComputedStyle(document.querySelector('[data-sk-chart={first}] .sk-chart__live "
                          ".main-svg')).backgroundColor")
    assert paper == page.evaluate("getComputedStyle(document.body).backgroundColor"), "and the page's background"
    assert page.locator(f"[data-sk-chart={second}]").get_attribute("data-sk-state") is None, "no script for that"


def arrive(page, url: str, title: str) -> None:
    """Wait until the page at `url` is shown (with instant navigation the URL changes first)."""
    page.wait_for_url(url)
    page.wait_for_function("(t) => document.title === t", arg=title)


def test_pictures_and_live_charts_after_instant_navigation_and_back_and_forward(story_under_test, site_dir, new_page,
                                                                                site_url):
    """From a page to a page with charts (and on to another, if the story has two), back and forward."""
    counts = charts_on(story_under_test, site_dir)
    charted = [path for path, charts in counts.items() if charts]
    needs(charted and len(counts) > 1, "one page")
    first, second = (charted + [path for path in counts if path not in charted])[:2]
    start = next(path for path in counts if path not in (first, second)) if len(counts) > 2 else second
    title = {path: soup_of(site_dir, path).title.get_text() for path in counts}
    links = {urljoin(site_url + start, a["href"]): " ".join(a.get_text().split())
             for a in soup_of(site_dir, start).select(".md-nav--primary a.md-nav__link[href]")
             if not a.find_parent(class_="md-nav--secondary")}
    nav = {path: links[site_url + path] for path in (first, second)}  # each page's title in the navigation
    page = new_page()
    page.goto(site_url + start)
    page.evaluate("window.__sameDocument = true")
    navigation = page.get_by_role("navigation", name="Navigation")
    navigation.get_by_role("link", name=nav[first]).first.click()
    arrive(page, site_url + first, title[first])
    assert page.locator(".sk-chart__plot[data-sk-state]").count() == 0, "a new page starts with its pictures"
    assert page.locator(".sk-chart__picture--wide").count() == counts[first]
    bring_charts_to_life(page)
    navigation.get_by_role("link", name=nav[second]).first.click()
    arrive(page, site_url + second, title[second])
    assert page.evaluate("window.__sameDocument === true"), "the link was followed by instant navigation"
    assert page.locator(".sk-chart__plot[data-sk-state]").count() == 0, "a new page starts with its pictures"
    if counts[second]:
        bring_charts_to_life(page)
    page.go_back()
    arrive(page, site_url + first, title[first])
    assert page.locator(".sk-chart__picture--wide").count() == counts[first]
    bring_charts_to_life(page)
    page.go_forward()
    arrive(page, site_url + second, title[second])
    if counts[second]:
        bring_charts_to_life(page)
    assert page.evaluate("window.__sameDocument === true"), "back and forward stayed in the same document"


# What the live chart holds and offers


def test_each_csv_holds_exactly_what_its_chart_plots(new_page, site_url, chart_page):
    """Each point's first fact (or day of a series) has a row whose drawn_at is where the live chart
    draws it on its value axis, and the CSV holds a row for every fact a point names, no more."""
    path = chart_page
    page = new_page()
    page.goto(site_url + path)
    bring_charts_to_life(page)
    charts = page.evaluate("""() => [...document.querySelectorAll('.sk-chart__plot')].map(plot => ({
        id: plot.dataset.skChart,
        csv: plot.closest('.sk-chart').querySelector('a.sk-chart__csv').href,
        traces: plot.querySelector('.sk-chart__live').data.map(trace => ({name: trace.name,
            orientation: trace.orientation || 'v', customdata: trace.customdata || [], x: trace.x || [],
            y: trace.y || []}))}))""")
    checked = 0
    for chart in charts:
        rows = list(csv.DictReader(io.StringIO(page.request.get(chart["csv"]).text())))
        plotted = set()
        for trace in chart["traces"]:
            drawn = trace["x"] if trace["orientation"] == "h" else trace["y"]
            for index, ids in enumerate(trace["customdata"]):
                names = (ids or "").split()
                plotted |= {(trace["name"] or "", name) for name in names}  # a trace without a name: ""
                if not names:
                    continue
                row = next(r for r in rows if r["fact_id"] == names[0] and r["series"] == (trace["name"] or ""))
                value = drawn[index] if index < len(drawn) else None
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    assert _same_number(row["drawn_at"], str(value)), (chart["id"], names[0], row["drawn_at"], value)
                else:  # a point placed on no value axis (a grid of targets, say)
                    assert row["drawn_at"] == "", (chart["id"], names[0])
                checked += 1
        assert {(row["series"], row["fact_id"]) for row in rows} == plotted, chart["id"]
    assert checked, "points were compared"


def _same_number(text: str, other: str) -> bool:
    try:
        return float(text) == float(other)
    except ValueError:
        return False


def test_charts_fit_a_phone_and_reserve_their_space(story_under_test, site_dir, new_page, site_url):
    path = busiest(story_under_test, site_dir)
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + path)
    heights_before = page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.offsetHeight)")
    bring_charts_to_life(page)
    heights_after = page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.offsetHeight)")
    assert heights_before == heights_after and min(heights_before) > 200, "space is reserved before drawing"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "nothing scrolls sideways"
    widths = page.evaluate("""[...document.querySelectorAll('.sk-chart__plot')].map(p =>
        [p.clientWidth, p.querySelector('.sk-chart__live .main-svg').getBoundingClientRect().width])""")
    for container, svg in widths:
        assert abs(container - svg) <= 1, "the live chart is scaled to the column"
    assert page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.dataset.skScreen)") == \
        ["phone"] * charts_on(story_under_test, site_dir)[path], "a phone gets the phone layout"
    assert page.evaluate("getComputedStyle(document.querySelector('.sk-chart__live :is(.ytick, .xtick) text'))"
                         ".fontSize") == "12px"


def test_a_live_chart_follows_the_column_when_it_crosses_to_the_other_layout(story_under_test, site_dir, new_page,
                                                                             site_url):
    page = new_page(width=1280, height=900)
    page.goto(site_url + busiest(story_under_test, site_dir))
    bring_charts_to_life(page)
    page.set_viewport_size({"width": 400, "height": 900})
    page.wait_for_function("() => [...document.querySelectorAll('.sk-chart__plot')].every(p => p.dataset.skScreen === 'phone')")
    page.wait_for_function("() => [...document.querySelectorAll('.sk-chart__live .main-svg')].every(svg =>"
                           " Math.abs(svg.getBoundingClientRect().width - svg.closest('.sk-chart__plot').clientWidth) <= 1)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400


def a_chart_of_facts(story_under_test, site_dir) -> tuple[str, str, str]:
    """A page, a chart on it that plots facts, and the first fact it plots."""
    for path, charts in charts_on(story_under_test, site_dir).items():
        for plot in soup_of(site_dir, path).select(".sk-chart__plot") if charts else []:
            facts = plotted_facts(site_dir, plot["data-sk-chart"])
            if facts:
                return path, plot["data-sk-chart"], facts[0]
    pytest.skip("the story has no chart that plots facts")


def test_data_tab_shows_the_table_and_the_chart_comes_back_at_full_width(story_under_test, story, language, site_dir,
                                                                         new_page, site_url):
    from storykit.writing.writer import FactWriter

    path, plotted, fact = a_chart_of_facts(story_under_test, site_dir)
    page = new_page()
    page.goto(site_url + path)
    chart = page.locator(f"#chart-{plotted}")
    chart.scroll_into_view_if_needed()
    page.locator(f"[data-sk-chart={plotted}]").hover()
    page.wait_for_function(LIVE, arg=plotted)
    chart.get_by_text(language.say("chart.tab_data"), exact=True).click()
    table = chart.locator("table.sk-chart-table")
    assert table.is_visible()
    assert FactWriter(story, language).value(fact) in table.inner_text()
    page.set_viewport_size({"width": 900, "height": 900})  # resize while the chart is hidden
    chart.get_by_text(language.say("chart.tab_chart"), exact=True).click()
    page.wait_for_timeout(300)
    container, svg = page.evaluate("""(id) => { const p = document.querySelector(`[data-sk-chart=${id}]`);
        return [p.clientWidth, p.querySelector('.sk-chart__live .main-svg').getBoundingClientRect().width]; }""",
                                   plotted)
    assert abs(container - svg) <= 1


def test_data_table_is_reachable_by_keyboard(story_under_test, story, language, site_dir, new_page, site_url):
    from storykit.writing.writer import FactWriter

    path, plotted, fact = a_chart_of_facts(story_under_test, site_dir)
    page = new_page()
    page.goto(site_url + path)
    page.locator(f"#sk-{plotted}-chart").focus()
    page.keyboard.press("ArrowRight")
    table = page.locator(f"#chart-{plotted} table.sk-chart-table")
    assert table.is_visible()
    assert FactWriter(story, language).value(fact) in table.inner_text()


def test_chart_numbers_are_formatted_as_in_the_prose(story_under_test, story, language, site_dir, new_page, site_url):
    """A bar's label is the fact as the prose writes it (the prose may leave out its sign: "fell 8.98%")."""
    from storykit.writing.writer import FactWriter

    writer = FactWriter(story, language)
    for path, charts in charts_on(story_under_test, site_dir).items():
        soup = soup_of(site_dir, path)
        named = {link["href"].rsplit("#fact-", 1)[1]: link.get_text() for link in soup.select("article p a.sk-fact")}
        for plot in soup.select(".sk-chart__plot") if charts else []:
            both = [fact for fact in plotted_facts(site_dir, plot["data-sk-chart"]) if fact in named]
            page = new_page()
            page.goto(site_url + path)
            labels = page.locator(f"[data-sk-chart={plot['data-sk-chart']}] .sk-chart__picture--wide .bartext")
            labels = labels.all_text_contents()
            shown = [fact for fact in both if writer.value(fact) in labels]
            if shown:
                fact = shown[0]
                assert named[fact] in (writer.value(fact), writer.value(fact).lstrip("−-+")), (fact, named[fact])
                return
    pytest.skip("the story has no bar labelled with a figure its prose names")


def test_mode_bar_offers_only_download_and_reset(story_under_test, site_dir, language, new_page, site_url):
    page = new_page()
    buttons = []
    for path, charts in charts_on(story_under_test, site_dir).items():
        if not charts:
            continue
        page.goto(site_url + path)
        bring_charts_to_life(page)
        buttons += page.evaluate("""[...document.querySelectorAll('.sk-chart__plot')].map(p =>
            [...p.querySelectorAll('.modebar-btn')].map(b => b.dataset.title))""")
    download = language.say("chart.script.download_png")
    assert buttons and all(titles[0] == download and len(titles) <= 2 for titles in buttons), buttons
    if story_under_test.languages[0] == "en":  # plotly.js's own word for the other: a zoomable chart's
        assert all(titles[1:] in ([], ["Reset axes"]) for titles in buttons), buttons


def test_png_download_has_the_charts_name(story_under_test, site_dir, new_page, site_url):
    path = busiest(story_under_test, site_dir)
    page = new_page()
    page.goto(site_url + path)
    chart = chart_ids(page)[0]
    plot = page.locator(f"[data-sk-chart={chart}]")
    plot.hover()
    page.wait_for_function(LIVE, arg=chart)
    with page.expect_download() as download_info:
        plot.locator(".modebar-btn").first.click()
    download = download_info.value
    assert download.suggested_filename == f"{chart}.png"
    with open(download.path(), "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 2 * 688, "exported at twice the size of the wide layout"


def test_the_svg_download_needs_no_script(story_under_test, site_dir, browser, site_url):
    path = busiest(story_under_test, site_dir)
    chart = soup_of(site_dir, path).select_one(".sk-chart__plot")["data-sk-chart"]
    title = " ".join(soup_of(site_dir, path).select_one(f"#chart-{chart} .sk-chart__title").get_text().split())
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(site_url + path)
        with page.expect_download() as download_info:
            page.locator(f"#chart-{chart} a.sk-chart__svg--dark").click()
        download = download_info.value
        assert download.suggested_filename == f"{chart}.wide.dark.svg"
        with open(download.path(), encoding="utf-8") as picture:
            text = picture.read()
        assert text.startswith("<svg") and title in text
    finally:
        context.close()


def test_reader_mode_keeps_the_pictures(story_under_test, site_dir, new_page, site_url):
    """Firefox's reader view is Mozilla's Readability: run it on the page and look for the charts."""
    from helpers import ROOT

    path = busiest(story_under_test, site_dir)
    # A word each chart's picture draws (a label, a tick), to know it again.
    own = [next(text.get_text() for text in picture.select("text") if text.get_text().strip())
           for picture in soup_of(site_dir, path).select("svg.sk-chart__picture--wide")]
    readability = ROOT / "node_modules" / "@mozilla" / "readability" / "Readability.js"
    page = new_page(bypass_csp=True)  # Readability is injected as a script the page's policy does not list
    page.goto(site_url + path)
    page.add_script_tag(path=str(readability))
    reader = page.evaluate("""() => { const article = new Readability(document.cloneNode(true)).parse();
        const view = document.createElement('div'); view.innerHTML = article.content;
        return [...view.querySelectorAll('svg')].map(svg => svg.textContent); }""")
    charted = [word for word in own if any(word in text for text in reader)]
    assert own and len(charted) == len(own), "the pictures, with their text, survive reader mode"
