"""Every reader gets the whole story: screen readers, keyboards, phones, printers, shared links."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, bring_charts_to_life, scroll_through, soup_of

PAGES = ["", "suspension/", "qingfeng-plan/", "scale/", "fact-check/", "sources/", "changes/", "about/"]
ZH_PAGES = ["zh/" + path for path in PAGES]  # the Chinese edition, page for page


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES + ["404.html", "embed/market-daily/"] + ZH_PAGES + ["zh/404.html",
                                                                                          "zh/embed/market-daily/"])
def test_axe_finds_no_violation(new_page, site_url, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    page.goto(site_url + path)
    if "embed/" not in path:  # an embed page follows the system's scheme, without Material
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    # Blocks laid out only near the screen would escape the colour checks: lay them all out.
    page.add_style_tag(content=".sk-deferred { content-visibility: visible !important; }")
    charts = page.locator(".sk-chart").count()
    for state in ("pictures", "live charts") if charts else ("page",):
        if state == "live charts":
            scroll_through(page)
            bring_charts_to_life(page)
        violations = Axe().run(page).response["violations"]
        assert violations == [], (state, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(new_page, site_url, path):
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + path)
    scroll_through(page)
    if page.locator(".sk-chart").count():
        bring_charts_to_life(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if not page.locator(".sk-chart").count():
        return
    # The phone's own layout, in its text sizes: no chart text below 11 px.
    assert set(page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.dataset.skScreen)")) <= \
        {"phone"}
    sizes = page.evaluate("""[...document.querySelectorAll('.sk-chart__picture--phone text, .sk-chart__live text')]
        .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize)
        * t.getScreenCTM().a)""")  # the picture scales with the column; its text with it
    assert sizes and min(sizes) >= 11


WIDE_PAGES = PAGES + ["404.html", "embed/timeline/", "embed/market-daily/", "embed/qingfeng-targets/"] + ZH_PAGES + \
    ["zh/404.html", "zh/embed/timeline/", "zh/embed/qingfeng-targets/"]


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("width", [320, 375, 768])
def test_nothing_scrolls_sideways_at_any_width_with_or_without_script(browser, site_url, width, script):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=script)
    try:
        page = context.new_page()
        wide = []
        for path in WIDE_PAGES:
            page.goto(site_url + path)
            if script:
                page.wait_for_function("() => window.__skReady === true || !window.__skScripts")
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 0:
                wide.append(f"{path or 'home'}: {overflow} px, " + page.evaluate(
                    """w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5)
                    .slice(0, 2).map(e => e.tagName + '.' + e.getAttribute('class')).join(' ')""", width))
        assert wide == []
    finally:
        context.close()


# Every frame from the first on: whether the page is wider than the window or scrolled sideways, and by what.
WATCH_SIDEWAYS = """window.__sideways = []; (function watch() { const root = document.documentElement;
    if (root && document.body) { const over = root.scrollWidth - root.clientWidth;
    if (over > 0 || scrollX !== 0) window.__sideways.push([Math.round(performance.now()), over, scrollX,
    window.__skReady === true, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >
    root.clientWidth + 0.5).slice(0, 3).map(e => e.tagName + '.' + e.getAttribute('class'))]); }
    requestAnimationFrame(watch); })();"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["scale/", "zh/scale/"])
def test_nothing_scrolls_sideways_at_any_moment_of_a_load_over_repeated_loads(browser, site_url, path):
    """At 768 px with script, a check after the page is ready once saw the Scale page 24 px wide in one run of
    two: every frame is watched, from the first paint through the scripts' arrival, a reader scrolling to the
    end and every chart turning live, over several cold loads."""
    for load in range(4):
        context = browser.new_context(viewport={"width": 768, "height": 800})
        context.add_init_script(WATCH_SIDEWAYS)
        try:
            page = context.new_page()
            page.goto(site_url + path)
            page.wait_for_function("() => window.__skReady === true")
            scroll_through(page)
            bring_charts_to_life(page)
            page.wait_for_timeout(300)
            assert page.evaluate("window.__sideways") == [], load
        finally:
            context.close()


# Each layout shift's moved elements that sit in the page's header.
HEADER_SHIFTS = """window.__shifts = []; new PerformanceObserver(list => { for (const entry of list.getEntries())
    for (const source of entry.sources) if (source.node && source.node.closest && source.node.closest('header'))
    window.__shifts.push(source.node.className + ' ' + JSON.stringify([source.previousRect.x, source.currentRect.x])); })
    .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_header_stays_put_when_the_scripts_arrive_after_the_page(new_page, site_url, width):
    """Material's scripts come after the page; until then it hides its search: the search button (phone)
    or bar (desktop) keeps its place, so the language switcher beside it does not jump when they arrive."""
    page = new_page(width=width)
    page.add_init_script(HEADER_SHIFTS)
    for path in ["", "scale/", "zh/", "zh/scale/"]:
        page.goto(site_url + path)
        page.wait_for_timeout(300)  # Material's first frames after it starts
        assert page.evaluate("window.__shifts") == [], path


@pytest.mark.browser
def test_the_text_and_pictures_come_before_the_scripts(new_page, site_url):
    """Material's bundle and the site's scripts are fetched only once the page has loaded, so that on a slow
    connection they do not share it with the text; then instant navigation, search and tooltips all work."""
    page = new_page()
    page.goto(site_url + "sources/")
    timing = page.evaluate("""() => { const load = performance.getEntriesByType('navigation')[0].loadEventStart;
        return performance.getEntriesByType('resource').filter(r => r.initiatorType === 'script' ||
        /[.]js$/.test(r.name)).map(r => [r.name.split('/').pop(), r.startTime >= load]); }""")
    scripts = [name for name, after in timing if name.startswith(("bundle.", "charts.", "tips."))]
    assert len(scripts) == 3 and all(after for name, after in timing if name.startswith(("bundle.", "charts.", "tips."))), \
        timing
    assert page.evaluate("typeof window.document$.subscribe") == "function", "Material started"


def test_every_story_page_loads_its_scripts_after_the_page(site_dir):
    """...by one loader whose text is the same on every page of both editions (one hash in the policy)."""
    texts = set()
    for path in PAGES + ["404.html"] + ZH_PAGES + ["zh/404.html"]:
        html = (site_dir / path / "index.html").read_text(encoding="utf-8") if not path.endswith(".html") \
            else (site_dir / path).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select("script[src]"), f"{path}: a script fetched with the page"
        loader = [script for script in soup.select("script:not([src])") if "__skScripts" in (script.string or "")]
        assert len(loader) == 1, path
        scripts = loader[0]["data-sk-load"].split()
        names = [source.rsplit("/", 1)[1].split(".")[0] for source in scripts]
        assert names[:2] == ["search", "bundle"] and "charts" in names, (path, scripts)  # search.js before the bundle
        texts.add(loader[0].string)
    assert len(texts) == 1


@pytest.mark.browser
def test_tabs_are_large_enough_to_touch(new_page, site_url):
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + "scale/")
    heights = page.evaluate("[...document.querySelectorAll('.sk-chart .tabbed-labels > label')]"
                            ".map(l => l.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44


@pytest.mark.browser
def test_print_shows_charts_tables_and_sources_but_not_navigation(new_page, site_url):
    page = new_page(scheme="dark")
    page.goto(site_url + "suspension/")
    page.locator("[data-sk-chart=market-27-july]").hover()  # one chart live, the others pictures
    page.wait_for_function("() => document.querySelector('[data-sk-chart=market-27-july]').dataset.skState === 'live'")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".sk-chart .tabbed-labels", ".modebar-container",
                   ".sk-chart__live", ".sk-chart__downloads"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for chart in page.locator(".sk-chart").all():
        for shown in (".sk-chart__title", ".sk-chart__picture--wide", "table.sk-chart-table", ".sk-chart__source"):
            assert chart.locator(shown).first.is_visible(), shown
    # Printed on white paper: the picture's text is dark, whatever the scheme on screen.
    fill = page.evaluate("getComputedStyle(document.querySelector('#chart-market-27-july .sk-chart__picture--wide "
                         ".ytick text')).fill")
    assert fill == "rgba(0, 0, 0, 0.87)", fill
    page.goto(site_url + "sources/")
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('#source-the_register a'), '::after').content")
    assert "theregister.com" in after, "printed links show their address"
    assert set(page.evaluate("[...document.querySelectorAll('.sk-deferred')].map(e => getComputedStyle(e)"
                             ".contentVisibility)")) == {"visible"}, "every table of facts is printed"


@pytest.mark.browser
def test_a_link_to_a_fact_lands_on_its_row_though_long_tables_are_laid_out_late(new_page, site_url):
    page = new_page(width=375, height=740)
    page.goto(site_url + "sources/")
    assert page.evaluate("getComputedStyle(document.querySelector('.sk-deferred')).contentVisibility") == "auto"
    rows = page.evaluate("[...document.querySelectorAll('table.sk-facts')].map(table =>"
                         " [...table.querySelectorAll('tr[id]')].map(row => row.id))")
    for target in (rows[1][0], rows[-1][-1]):  # below a table laid out late; deep inside the last one
        page = new_page(width=375, height=740)
        page.goto(site_url + f"sources/#{target}")
        row = page.locator(f"[id='{target}']")
        page.wait_for_timeout(500)  # long enough for the tables around it to be laid out
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        assert 0 <= top < 200 and row.is_visible() and row.inner_text().strip(), (target, top)


@pytest.mark.browser
def test_motion_respects_reduced_motion(new_page, site_url):
    page = new_page(reduced_motion="reduce")
    page.goto(site_url)
    duration = page.evaluate("getComputedStyle(document.querySelector('.md-header')).transitionDuration")
    assert set(duration.replace("s", "").split(", ")) <= {"0"}


@pytest.mark.parametrize("path", PAGES + ZH_PAGES)
def test_every_page_has_a_description_sharing_tags_and_canonical_address(site_dir, site_url, path):
    soup = soup_of(site_dir, path)
    meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.find_all("meta")}
    chinese = path.startswith("zh/")
    assert len(meta["description"]) > (30 if chinese else 60)
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert meta["og:title"] and meta["twitter:title"] == meta["og:title"]
    assert meta["twitter:card"] == "summary_large_image"
    slug = path.removeprefix("zh/").strip("/") or "index"
    assert meta["og:image"] == meta["twitter:image"] == f"{site_url}{'zh/' if chinese else ''}assets/cards/{slug}.png"
    assert soup.find("link", rel="canonical")["href"] == site_url + path
    assert soup.html["lang"] == ("zh-Hans" if chinese else "en")
    assert meta["og:locale"] == ("zh_CN" if chinese else "en_GB")
    headings = [int(h.name[1]) for h in soup.select("article h1, article h2, article h3, article h4")]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:])), "headings in order"


@pytest.mark.parametrize("path", PAGES + ZH_PAGES)
def test_every_page_has_its_social_card(site_dir, path):
    folder = "zh/" if path.startswith("zh/") else ""
    card = site_dir / folder / "assets" / "cards" / f"{path.removeprefix('zh/').strip('/') or 'index'}.png"
    header = card.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1200, 630)


def test_sitemap_lists_every_page_at_the_sites_address(site_dir, site_url):
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    locations = {element.text for element in tree.iter() if element.tag.endswith("loc")}
    assert locations == {site_url + path for path in PAGES}


def test_404_page_points_somewhere_useful(site_dir):
    soup = BeautifulSoup((site_dir / "404.html").read_text(), "html.parser")
    assert soup.find("h1").get_text() == "Page not found"
    links = {a.get_text() for a in soup.select("article a")}
    assert {"The suspension", "Fact-check", "Sources and data"} <= links
    assert soup.select_one(".md-search") is not None
    chinese = BeautifulSoup((site_dir / "zh" / "404.html").read_text(), "html.parser")
    assert chinese.find("h1").get_text() == "页面未找到" and chinese.html["lang"] == "zh-Hans"
    assert {"暂停注册", "事实核查", "来源与数据"} <= {a.get_text() for a in chinese.select("article a")}


def test_publishing_workflow_builds_with_make_and_deploys_to_pages():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    runs = "\n".join(step.get("run", "") for step in steps)
    uses = {step.get("uses", "").split("@")[0] for step in steps}
    assert "make build" in runs and "make test" in runs
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert workflow["permissions"]["pages"] == "write"


@pytest.mark.browser
def test_a_facts_quote_and_source_show_on_keyboard_focus(new_page, site_url):
    page = new_page()
    page.goto(site_url + "suspension/")
    fall = page.locator("a.sk-fact[href$='#fact-tencent_change_0727']").first
    tooltip = page.locator("[role=tooltip]#sk-tip")
    assert not tooltip.is_visible()
    fall.focus()
    tooltip.wait_for(timeout=5_000)
    assert "暴跌8.98%" in tooltip.inner_text() and "Central News Agency" in tooltip.inner_text()
    assert fall.get_attribute("aria-describedby") == "sk-tip", "screen readers hear the quote as its description"
    tip, link, width = (page.evaluate("e => e.getBoundingClientRect().toJSON()", tooltip.element_handle()),
                        page.evaluate("e => e.getBoundingClientRect().toJSON()", fall.element_handle()),
                        page.evaluate("document.documentElement.clientWidth"))
    assert 0 <= tip["left"] and tip["right"] <= width, "inside the window"
    assert tip["top"] >= link["bottom"] or tip["bottom"] <= link["top"], "beside the figure, not over it"
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden", timeout=5_000)
    assert fall.get_attribute("aria-describedby") is None


@pytest.mark.browser
def test_a_facts_tooltip_follows_the_pointer_and_fits_a_phone(new_page, site_url):
    page = new_page(width=375, height=740)
    page.goto(site_url + "fact-check/")
    tooltip = page.locator("#sk-tip")
    links = page.locator("a.sk-fact")
    first, other = links.nth(0), links.nth(3)
    first.hover()
    tooltip.wait_for(timeout=5_000)
    assert tooltip.inner_text() == first.get_attribute("data-sk-tip")
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, "a long quote wraps inside a phone's width"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "nothing scrolls sideways"
    page.mouse.move(2, 700)
    tooltip.wait_for(state="hidden", timeout=5_000)
    other.hover()
    page.wait_for_function("t => document.querySelector('#sk-tip').textContent === t",
                           arg=other.get_attribute("data-sk-tip"), timeout=5_000)
    other.click(modifiers=["Control"])  # focuses the link without leaving the page
    page.mouse.move(2, 700)
    tooltip.wait_for(state="hidden", timeout=5_000)  # a clicked link keeps no tooltip


@pytest.mark.browser
def test_the_focused_facts_tooltip_comes_back_after_the_pointer_passes(new_page, site_url):
    page = new_page()
    page.goto(site_url + "fact-check/")
    links = page.locator("a.sk-fact:visible")  # not those folded away in a check's evidence
    focused, passed = links.first, links.last  # far apart: the focused one's tooltip covers its neighbours
    assert focused.get_attribute("data-sk-tip") != passed.get_attribute("data-sk-tip")
    focused.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible needs
    tooltip = page.locator("#sk-tip")
    tooltip.wait_for(timeout=5_000)
    passed.hover()
    page.wait_for_function("t => document.querySelector('#sk-tip').textContent === t",
                           arg=passed.get_attribute("data-sk-tip"), timeout=5_000)
    page.mouse.move(2, 880)
    page.wait_for_function("t => document.querySelector('#sk-tip').textContent === t"
                           " && !document.querySelector('#sk-tip').hidden",
                           arg=focused.get_attribute("data-sk-tip"), timeout=5_000)
    assert focused.get_attribute("aria-describedby") == "sk-tip"


def test_cards_kept_between_builds_are_redrawn_only_when_their_page_changes(tmp_path):
    from storykit.site.cards import Card, cached_card, draw_card

    cache = tmp_path / "cards"
    first = {name: cached_card(Card("Site", name, f"About {name}"), cache) for name in "AB"}
    assert first["A"] == draw_card(Card("Site", "A", "About A"))
    kept = {path.name: path.stat().st_mtime_ns for path in cache.glob("*.png")}
    assert len(kept) == 2
    again = cached_card(Card("Site", "A", "About A"), cache)
    changed = cached_card(Card("Site", "B", "B, described anew"), cache)
    assert again == first["A"] and {path.name: path.stat().st_mtime_ns for path in cache.glob("*.png")
                                    if path.name in kept} == kept, "an unchanged card is not drawn again"
    assert changed == draw_card(Card("Site", "B", "B, described anew")) != first["B"]
    assert len(list(cache.glob("*.png"))) == 3
