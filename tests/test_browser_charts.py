"""Charts in a real Chromium: drawn on every kind of navigation, themed, sized, and true to their CSV."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import scroll_through, wait_all_drawn

pytestmark = pytest.mark.browser

CHART_PAGES = {"suspension/": 3, "qingfeng-plan/": 1, "scale/": 3}
OTHER_PAGES = ["", "fact-check/", "sources/", "about/"]
def plotly_requests(page) -> list[str]:
    return [url for url in page.watch.requests if "plotly" in url]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_draws_on_a_direct_load(new_page, site_url, path):
    page = new_page()
    page.goto(site_url + path)
    scroll_through(page)
    wait_all_drawn(page)
    assert page.locator(".sk-chart__plot[data-sk-state=drawn]").count() == CHART_PAGES[path]
    assert len(plotly_requests(page)) == 1, "plotly.js is fetched once per page, from this site"


def test_a_reader_who_stays_at_the_top_loads_no_plotly_and_one_who_scrolls_gets_every_chart(new_page, site_url):
    page = new_page(width=375, height=740)  # on a phone, every chart of this page is screens below
    page.goto(site_url + "scale/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert plotly_requests(page) == [], "nothing for the charts until the reader heads for them"
    assert page.locator(".sk-chart__plot[data-sk-state]").count() == 0
    page.mouse.wheel(0, 200)  # a short scroll, nowhere near a chart
    wait_all_drawn(page)
    assert page.locator(".sk-chart__plot[data-sk-state=drawn]").count() == CHART_PAGES["scale/"], \
        "once plotly.js is in, the charts further down are drawn ahead of the reader"
    assert len(plotly_requests(page)) == 1


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_pages_without_charts_load_no_plotly(new_page, site_url, path):
    page = new_page()
    page.goto(site_url + path)
    scroll_through(page)
    page.wait_for_load_state("networkidle")
    assert page.locator(".sk-chart").count() == 0
    assert plotly_requests(page) == []


def arrive(page, url: str, heading: str) -> None:
    """Wait until the page at `url` is shown (with instant navigation the URL changes first)."""
    page.wait_for_url(url)
    page.wait_for_function("(h) => document.title.startsWith(h + ' - ')", arg=heading)
    scroll_through(page)
    wait_all_drawn(page)


def test_charts_draw_after_instant_navigation_and_back_and_forward(new_page, site_url):
    page = new_page()
    page.goto(site_url)
    page.evaluate("window.__sameDocument = true")
    navigation = page.get_by_role("navigation", name="Navigation")
    navigation.get_by_role("link", name="The suspension").first.click()
    arrive(page, site_url + "suspension/", "The suspension")
    assert page.evaluate("window.__sameDocument === true"), "the link was followed by instant navigation"
    navigation.get_by_role("link", name="WeChat's scale").first.click()
    arrive(page, site_url + "scale/", "WeChat's scale")
    assert page.evaluate("window.__sameDocument === true")
    page.go_back()
    arrive(page, site_url + "suspension/", "The suspension")
    assert page.locator(".sk-chart__plot[data-sk-state=drawn]").count() == 3
    page.go_forward()
    arrive(page, site_url + "scale/", "WeChat's scale")
    assert page.locator(".sk-chart__plot[data-sk-state=drawn]").count() == 3
    assert page.evaluate("window.__sameDocument === true"), "back and forward stayed in the same document"


def tick_colour(page) -> str:
    """The tick labels' colour as rgba(), joining SVG's fill and fill-opacity as Plotly splits them."""
    return page.evaluate("""(() => {
        const style = getComputedStyle(document.querySelector('[data-sk-chart=market-27-july] .xtick text'));
        const [r, g, b] = style.fill.match(/[\\d.]+/g);
        const alpha = Number(style.fillOpacity);
        return alpha === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`; })()""")


def test_palette_toggle_rethemes_the_charts_from_materials_colours(new_page, site_url):
    page = new_page(scheme="light")
    page.goto(site_url + "suspension/")
    scroll_through(page)
    wait_all_drawn(page)
    light_text = tick_colour(page)
    assert light_text == page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color"), \
        "chart text takes the colour of the page's text"
    for _ in range(3):
        if page.evaluate("document.body.dataset.mdColorScheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.wait_for_function("(light) => getComputedStyle(document.querySelector("
                           "'[data-sk-chart=market-27-july] .xtick text')).fill !== light", arg=light_text)
    dark_text = tick_colour(page)
    # Text in the chart is light on the dark scheme: its red channel is well above the light scheme's.
    level = lambda colour: int(colour.split("(")[1].split(",")[0])  # noqa: E731
    assert level(dark_text) > 150 > level(light_text)
    assert dark_text == page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color")
    paper = page.evaluate("getComputedStyle(document.querySelector('[data-sk-chart=market-27-july] .main-svg'))"
                          ".backgroundColor")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert paper == body, "the chart's background is the page's"


@pytest.mark.parametrize("path", CHART_PAGES)
def test_each_csv_holds_exactly_what_its_chart_plots(new_page, site_url, path):
    page = new_page()
    page.goto(site_url + path)
    scroll_through(page)
    wait_all_drawn(page)
    charts = page.evaluate("""() => [...document.querySelectorAll('.sk-chart__plot')].map(plot => ({
        id: plot.dataset.skChart,
        csv: plot.closest('.sk-chart').querySelector('a.sk-chart__csv').href,
        traces: plot.querySelector('.sk-chart__live').data.map(trace => ({name: trace.name, customdata: trace.customdata || [],
                                         x: trace.x || [], y: trace.y || []}))}))""")
    for chart in charts:
        rows = list(csv.DictReader(io.StringIO(page.request.get(chart["csv"]).text())))
        plotted = set()
        for trace in chart["traces"]:
            for index, ids in enumerate(trace["customdata"]):
                for fact_id in (ids or "").split():
                    plotted.add((trace["name"], fact_id))
                if ids and len(ids.split()) == 1:
                    row = next(r for r in rows if r["fact_id"] == ids and r["series"] == trace["name"])
                    shown = {str(trace["x"][index]), str(trace["y"][index])}
                    if row["unit"] not in ("text", "date"):
                        assert any(_same_number(row["value"], value) for value in shown) or row["as_of"] in shown, \
                            (chart["id"], ids, row["value"], shown)
        assert {(row["series"], row["fact_id"]) for row in rows} == plotted, chart["id"]


def _same_number(text: str, other: str) -> bool:
    try:
        return float(text) == float(other)
    except ValueError:
        return False


def test_charts_fit_a_phone_and_reserve_their_space(new_page, site_url):
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + "scale/")
    heights_before = page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.offsetHeight)")
    scroll_through(page)
    wait_all_drawn(page)
    heights_after = page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.offsetHeight)")
    assert heights_before == heights_after and min(heights_before) > 200, "space is reserved before drawing"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "nothing scrolls sideways"
    widths = page.evaluate("""[...document.querySelectorAll('.sk-chart__plot')].map(p =>
        [p.clientWidth, p.querySelector('.main-svg').getBoundingClientRect().width])""")
    for container, svg in widths:
        assert abs(container - svg) <= 1, "the chart is scaled to the column"
    assert page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.dataset.skScreen)") == \
        ["phone"] * 3, "a phone gets the phone layout"
    assert page.evaluate("getComputedStyle(document.querySelector('.sk-chart__plot .ytick text')).fontSize") == "12px"


def test_data_tab_shows_the_table_and_the_chart_comes_back_at_full_width(new_page, site_url):
    page = new_page()
    page.goto(site_url + "suspension/")
    chart = page.locator("#chart-market-27-july")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('[data-sk-chart=market-27-july]').dataset.skState === 'drawn'")
    chart.get_by_text("Data", exact=True).click()
    table = chart.locator("table.sk-chart-table")
    assert table.is_visible()
    assert "−8.98%" in table.inner_text()
    page.set_viewport_size({"width": 900, "height": 900})  # resize while the chart is hidden
    chart.get_by_text("Chart", exact=True).click()
    page.wait_for_timeout(300)
    container, svg = page.evaluate("""(() => { const p = document.querySelector('[data-sk-chart=market-27-july]');
        return [p.clientWidth, p.querySelector('.main-svg').getBoundingClientRect().width]; })()""")
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
    page.locator("#chart-market-27-july").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('[data-sk-chart=market-27-july]').dataset.skState === 'drawn'")
    labels = page.locator("[data-sk-chart=market-27-july] .bartext").all_text_contents()
    prose = page.locator("a.sk-fact[href$='#fact-tencent_change_0727']").first.inner_text()
    assert "−8.98%" in labels and prose == "8.98%"


def test_mode_bar_offers_only_download_and_reset(new_page, site_url):
    page = new_page()
    page.goto(site_url + "suspension/")
    scroll_through(page)
    wait_all_drawn(page)
    buttons = page.evaluate("""[...document.querySelectorAll('.sk-chart__plot')].map(p =>
        [...p.querySelectorAll('.modebar-btn')].map(b => b.dataset.title))""")
    assert buttons[0] == ["Download the chart as a PNG image", "Reset axes"]  # the zoomable timeline
    assert all(titles == ["Download the chart as a PNG image"] for titles in buttons[1:])


def test_png_download_has_the_charts_name(new_page, site_url):
    page = new_page()
    page.goto(site_url + "suspension/")
    page.locator("#chart-market-27-july").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('[data-sk-chart=market-27-july]').dataset.skState === 'drawn'")
    page.locator("#chart-market-27-july").hover()
    with page.expect_download() as download_info:
        page.locator("[data-sk-chart=market-27-july] .modebar-btn").first.click()
    download = download_info.value
    assert download.suggested_filename == "market-27-july.png"
    with open(download.path(), "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 2 * 688, "exported at twice the size of the wide layout"
