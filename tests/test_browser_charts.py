"""Charts in a real Chromium: a picture at first paint, the live chart on intent, with nothing moving.

A chart arrives as the picture made at build time. Pointing at it, focusing it or tapping it
brings plotly.js and the live chart, drawn from the same figure over the picture; a reader who
only scrolls never downloads plotly.js. These tests drive each path and compare what a reader sees.
"""

from __future__ import annotations

import csv
import io

import pytest
from PIL import Image, ImageChops

from conftest import bring_charts_to_life, scroll_through

pytestmark = pytest.mark.browser

CHART_PAGES = {"": 1, "suspension/": 2, "qingfeng-plan/": 1, "scale/": 3}
OTHER_PAGES = ["fact-check/", "sources/", "about/"]
LIVE = "(id) => document.querySelector(`[data-sk-chart=${id}]`).dataset.skState === 'live'"
# Layout shifts, counted from the moment the page is told to start listening.
WATCH_SHIFTS = """() => { window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach(entry => {
    if (!entry.hadRecentInput) window.__shift += entry.value; })).observe({type: 'layout-shift', buffered: false}); }"""


def plotly_requests(page) -> list[str]:
    return [url for url in page.watch.requests if "plotly" in url or url.endswith(".json") and "/charts/" in url]


def chart_ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.dataset.skChart)")


# The picture, before any script is asked for


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_who_scrolls_through_every_page_downloads_no_plotly(new_page, site_url, width):
    page = new_page(width=width, height=800)
    for path in [*CHART_PAGES, *OTHER_PAGES]:
        page.goto(site_url + path)
        scroll_through(page)
        page.wait_for_load_state("networkidle")
        if path in CHART_PAGES:
            pictures = page.locator(f".sk-chart__picture--{'phone' if width < 500 else 'wide'}")
            assert pictures.count() == CHART_PAGES[path]
            assert all(picture.is_visible() for picture in pictures.all()), "each chart shows as its picture"
    assert plotly_requests(page) == [], "nothing for the live charts until the reader asks"
    assert page.locator(".sk-chart__plot[data-sk-state]").count() == 0


@pytest.mark.parametrize("path", CHART_PAGES)
def test_with_javascript_off_every_chart_is_visible_with_its_words(browser, site_url, path):
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


def test_pointing_focusing_and_tapping_each_bring_the_live_chart(new_page, browser, site_url):
    page = new_page()
    page.goto(site_url + "scale/")
    growth, daily_use, wecom = chart_ids(page)
    page.locator(f"[data-sk-chart={growth}]").hover()  # a mouse pointing at the chart
    page.wait_for_function(LIVE, arg=growth)
    page.keyboard.press("Tab")  # keyboard: focus moves on from wherever it is, until it reaches a chart
    for _ in range(200):
        if page.evaluate("document.activeElement.dataset.skChart") == daily_use:
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-roledescription')") == "chart"
    assert page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == f"chart-{daily_use}-title"
    page.wait_for_function(LIVE, arg=daily_use)
    assert page.locator(f"[data-sk-chart={wecom}]").get_attribute("data-sk-state") is None, "one chart at a time"
    assert len([url for url in plotly_requests(page) if url.endswith(".js")]) == 1, "plotly.js is fetched once"
    phone = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    phone.goto(site_url + "scale/")
    first = chart_ids(phone)[0]
    phone.locator(f"[data-sk-chart={first}]").scroll_into_view_if_needed()
    assert plotly_requests(phone) == [], "scrolling with a finger is not asking for the chart"
    phone.locator(f"[data-sk-chart={first}]").tap()
    phone.wait_for_function(LIVE, arg=first)
    assert [url.rsplit("/", 1)[1] for url in plotly_requests(phone) if url.endswith(".json")] == \
        [f"{first}.phone.json"], "a phone fetches the phone layout"


@pytest.mark.parametrize("width, scheme", [(375, "light"), (1280, "light"), (1280, "dark"), (768, "light")])
def test_the_live_chart_takes_the_pictures_place_with_nothing_moving_or_changing(new_page, site_url, width, scheme):
    page = new_page(width=width, height=900, scheme=scheme)
    page.goto(site_url + "suspension/")
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


def test_the_palette_toggle_changes_the_picture_at_once_and_redraws_a_live_chart(new_page, site_url):
    page = new_page(scheme="light")
    page.goto(site_url + "scale/")
    first, second = chart_ids(page)[:2]
    picture_text = f"[data-sk-chart={second}] .sk-chart__picture--wide .ytick text"
    light = page.evaluate(TEXT_COLOUR, picture_text)
    assert light == page.evaluate(PAGE_COLOUR), "the picture's text has the page's text colour"
    page.locator(f"[data-sk-chart={first}]").hover()
    page.wait_for_function(LIVE, arg=first)
    live_text = f"[data-sk-chart={first}] .sk-chart__live .ytick text"
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


def arrive(page, url: str, heading: str) -> None:
    """Wait until the page at `url` is shown (with instant navigation the URL changes first)."""
    page.wait_for_url(url)
    page.wait_for_function("(h) => document.title.startsWith(h + ' - ')", arg=heading)


def test_pictures_and_live_charts_after_instant_navigation_and_back_and_forward(new_page, site_url):
    page = new_page()
    page.goto(site_url)
    page.evaluate("window.__sameDocument = true")
    navigation = page.get_by_role("navigation", name="Navigation")
    navigation.get_by_role("link", name="The suspension").first.click()
    arrive(page, site_url + "suspension/", "The suspension")
    assert page.locator(".sk-chart__picture--wide").count() == 2
    bring_charts_to_life(page)
    navigation.get_by_role("link", name="WeChat's scale").first.click()
    arrive(page, site_url + "scale/", "WeChat's scale")
    assert page.evaluate("window.__sameDocument === true"), "the link was followed by instant navigation"
    assert page.locator(".sk-chart__plot[data-sk-state]").count() == 0, "a new page starts with its pictures"
    bring_charts_to_life(page)
    page.go_back()
    arrive(page, site_url + "suspension/", "The suspension")
    assert page.locator(".sk-chart__picture--wide").count() == 2
    bring_charts_to_life(page)
    page.go_forward()
    arrive(page, site_url + "scale/", "WeChat's scale")
    bring_charts_to_life(page)
    assert page.evaluate("window.__sameDocument === true"), "back and forward stayed in the same document"


# What the live chart holds and offers


@pytest.mark.parametrize("path", CHART_PAGES)
def test_each_csv_holds_exactly_what_its_chart_plots(new_page, site_url, path):
    """Each point's first fact (or day of a series) has a row whose drawn_at is where the live chart
    draws it on its value axis, and the CSV holds a row for every fact a point names, no more."""
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
                plotted |= {(trace["name"], name) for name in names}
                if not names:
                    continue
                row = next(r for r in rows if r["fact_id"] == names[0] and r["series"] == trace["name"])
                value = drawn[index] if index < len(drawn) else None
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    assert _same_number(row["drawn_at"], str(value)), (chart["id"], names[0], row["drawn_at"], value)
                    checked += 1
                else:
                    assert row["drawn_at"] == "", (chart["id"], names[0])
        assert {(row["series"], row["fact_id"]) for row in rows} == plotted, chart["id"]
    assert checked or path == "qingfeng-plan/", "points were compared"  # the Qingfeng grid has no value axis


def _same_number(text: str, other: str) -> bool:
    try:
        return float(text) == float(other)
    except ValueError:
        return False


def test_charts_fit_a_phone_and_reserve_their_space(new_page, site_url):
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + "scale/")
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
        ["phone"] * 3, "a phone gets the phone layout"
    assert page.evaluate("getComputedStyle(document.querySelector('.sk-chart__live .ytick text')).fontSize") == "12px"


def test_a_live_chart_follows_the_column_when_it_crosses_to_the_other_layout(new_page, site_url):
    page = new_page(width=1280, height=900)
    page.goto(site_url + "scale/")
    bring_charts_to_life(page)
    page.set_viewport_size({"width": 400, "height": 900})
    page.wait_for_function("() => [...document.querySelectorAll('.sk-chart__plot')].every(p => p.dataset.skScreen === 'phone')")
    page.wait_for_function("() => [...document.querySelectorAll('.sk-chart__live .main-svg')].every(svg =>"
                           " Math.abs(svg.getBoundingClientRect().width - svg.closest('.sk-chart__plot').clientWidth) <= 1)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400


def test_data_tab_shows_the_table_and_the_chart_comes_back_at_full_width(new_page, site_url):
    page = new_page()
    page.goto(site_url + "suspension/")
    chart = page.locator("#chart-market-27-july")
    chart.scroll_into_view_if_needed()
    page.locator("[data-sk-chart=market-27-july]").hover()
    page.wait_for_function(LIVE, arg="market-27-july")
    chart.get_by_text("Data", exact=True).click()
    table = chart.locator("table.sk-chart-table")
    assert table.is_visible()
    assert "−8.98%" in table.inner_text()
    page.set_viewport_size({"width": 900, "height": 900})  # resize while the chart is hidden
    chart.get_by_text("Chart", exact=True).click()
    page.wait_for_timeout(300)
    container, svg = page.evaluate("""(() => { const p = document.querySelector('[data-sk-chart=market-27-july]');
        return [p.clientWidth, p.querySelector('.sk-chart__live .main-svg').getBoundingClientRect().width]; })()""")
    assert abs(container - svg) <= 1


def test_data_table_is_reachable_by_keyboard(new_page, site_url):
    page = new_page()
    page.goto(site_url + "scale/")
    page.locator("#sk-mau-growth-chart").focus()
    page.keyboard.press("ArrowRight")
    table = page.locator("#chart-mau-growth table.sk-chart-table")
    assert table.is_visible()
    assert "889 million" in table.inner_text()


def test_chart_numbers_are_formatted_as_in_the_prose(new_page, site_url):
    page = new_page()
    page.goto(site_url + "suspension/")
    labels = page.locator("[data-sk-chart=market-27-july] .sk-chart__picture--wide .bartext").all_text_contents()
    prose = page.locator("a.sk-fact[href$='#fact-tencent_change_0727']").first.inner_text()
    assert "−8.98%" in labels and prose == "8.98%"


def test_mode_bar_offers_only_download_and_reset(new_page, site_url):
    page = new_page()
    buttons = []
    for path in ("", "suspension/"):
        page.goto(site_url + path)
        bring_charts_to_life(page)
        buttons += page.evaluate("""[...document.querySelectorAll('.sk-chart__plot')].map(p =>
            [...p.querySelectorAll('.modebar-btn')].map(b => b.dataset.title))""")
    assert buttons[0] == ["Download the chart as a PNG image", "Reset axes"]  # the zoomable timeline
    assert all(titles == ["Download the chart as a PNG image"] for titles in buttons[1:])


def test_png_download_has_the_charts_name(new_page, site_url):
    page = new_page()
    page.goto(site_url + "suspension/")
    plot = page.locator("[data-sk-chart=market-27-july]")
    plot.hover()
    page.wait_for_function(LIVE, arg="market-27-july")
    with page.expect_download() as download_info:
        plot.locator(".modebar-btn").first.click()
    download = download_info.value
    assert download.suggested_filename == "market-27-july.png"
    with open(download.path(), "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 2 * 688, "exported at twice the size of the wide layout"


def test_the_svg_download_needs_no_script(browser, site_url):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(site_url + "scale/")
        with page.expect_download() as download_info:
            page.locator("#chart-mau-growth a.sk-chart__svg--dark").click()
        download = download_info.value
        assert download.suggested_filename == "mau-growth.wide.dark.svg"
        with open(download.path(), encoding="utf-8") as picture:
            text = picture.read()
        assert text.startswith("<svg") and "WeChat's growth in monthly active users slowed" in text
    finally:
        context.close()


def test_reader_mode_keeps_the_pictures(new_page, site_url):
    """Firefox's reader view is Mozilla's Readability: run it on the page and look for the charts."""
    from conftest import ROOT

    readability = ROOT / "node_modules" / "@mozilla" / "readability" / "Readability.js"
    page = new_page(bypass_csp=True)  # Readability is injected as a script the page's policy does not list
    page.goto(site_url + "scale/")
    page.add_script_tag(path=str(readability))
    reader = page.evaluate("""() => { const article = new Readability(document.cloneNode(true)).parse();
        const view = document.createElement('div'); view.innerHTML = article.content;
        return [...view.querySelectorAll('svg')].map(svg => svg.textContent); }""")
    charted = [text for text in reader if "1,268.2 million" in text or "Mini-program users" in text]
    assert len(charted) >= 2, "the pictures, with their text, survive reader mode"
