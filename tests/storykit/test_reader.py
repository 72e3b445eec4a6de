"""Every reader gets the whole story: screen readers, keyboards, phones, printers, shared links; on every page of
the story `--story` names, in every edition."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup

from helpers import axe_violations, needs, phone_problems, sideways_during_loads, soup_of, too_wide

# The locale each language's pages give for sharing (Open Graph): CLDR's likeliest country, British English.
OG_LOCALES = {"en": "en_GB", "zh-Hans": "zh_CN", "de": "de_DE", "fr": "fr_FR", "es": "es_ES"}


def chart_page(story_under_test, language: str = "") -> str:
    """The edition's first page that shows a chart."""
    pages = [page for page in story_under_test.pages(language)
             if "<!-- chart:" in story_under_test.page_file(page).read_text(encoding="utf-8")]
    needs(pages, "no chart")
    return pages[0]


def first_chart(site_dir, path: str) -> str:
    return soup_of(site_dir, path).select_one(".sk-chart__plot")["data-sk-chart"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(story_under_test, new_page, site_url, any_page, scheme):
    path = any_page
    page = new_page(scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    page.goto(site_url + path)
    if "embed/" not in path and story_under_test.has_palette_toggle:  # an embed page follows the system's
        # scheme, without Material
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    assert axe_violations(page) == []


@pytest.mark.browser
def test_nothing_scrolls_sideways_on_a_phone(new_page, site_url, first_edition_page):
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + first_edition_page)
    assert phone_problems(page) == []


def wide_pages(story_under_test) -> list[str]:
    """Every page of every edition, its 404 page and each chart's page to embed."""
    return story_under_test.every_page() + [f"{edition.path}{extra}" for edition in story_under_test.editions
                                            for extra in ["404.html", *(f"embed/{chart}/" for chart in
                                                                        story_under_test.charts)]]


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("width", [320, 375, 768])
def test_nothing_scrolls_sideways_at_any_width_with_or_without_script(story_under_test, browser, site_url, width,
                                                                      script):
    assert too_wide(browser, site_url, wide_pages(story_under_test), width, script) == []


@pytest.mark.browser
def test_nothing_scrolls_sideways_at_any_moment_of_a_load_over_repeated_loads(story_under_test, browser, site_url):
    """At 768 px with script, a check after the page is ready once saw a chart page 24 px wide in one run of
    two: every frame is watched, from the first paint through the scripts' arrival, a reader scrolling to the
    end and every chart turning live, over several cold loads of each edition's first chart page."""
    paths = [chart_page(story_under_test, edition.language) for edition in story_under_test.editions]
    for path in paths:
        assert sideways_during_loads(browser, site_url + path) == [], path


# Each layout shift's moved elements that sit in the page's header.
HEADER_SHIFTS = """window.__shifts = []; new PerformanceObserver(list => { for (const entry of list.getEntries())
    for (const source of entry.sources) if (source.node && source.node.closest && source.node.closest('header'))
    window.__shifts.push(source.node.className + ' ' + JSON.stringify([source.previousRect.x, source.currentRect.x])); })
    .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_header_stays_put_when_the_scripts_arrive_after_the_page(story_under_test, new_page, site_url, width):
    """Material's scripts come after the page; until then it hides its search: the search button (phone)
    or bar (desktop) keeps its place, so the language switcher beside it does not jump when they arrive."""
    page = new_page(width=width)
    page.add_init_script(HEADER_SHIFTS)
    for path in [page for edition in story_under_test.editions for page in story_under_test.pages(edition.language)[:2]]:
        page.goto(site_url + path)
        page.wait_for_timeout(300)  # Material's first frames after it starts
        assert page.evaluate("window.__shifts") == [], path


@pytest.mark.browser
def test_the_text_and_pictures_come_before_the_scripts(story_under_test, new_page, site_url):
    """Material's bundle and the site's scripts are fetched only once the page has loaded, so that on a slow
    connection they do not share it with the text; then instant navigation, search and tooltips all work."""
    page = new_page()
    page.goto(site_url + story_under_test.page_of("facts_page"))
    timing = page.evaluate("""() => { const load = performance.getEntriesByType('navigation')[0].loadEventStart;
        return performance.getEntriesByType('resource').filter(r => r.initiatorType === 'script' ||
        /[.]js$/.test(r.name)).map(r => [r.name.split('/').pop(), r.startTime >= load]); }""")
    scripts = [name for name, after in timing if name.startswith(("bundle.", "charts.", "tips."))]
    assert len(scripts) == 3 and all(after for name, after in timing if name.startswith(("bundle.", "charts.", "tips."))), \
        timing
    assert page.evaluate("typeof window.document$.subscribe") == "function", "Material started"


def test_every_story_page_loads_its_scripts_after_the_page(story_under_test, site_dir):
    """...by one loader whose text is the same on every page of every edition (one hash in the policy)."""
    texts = set()
    for path in story_under_test.every_page() + [f"{edition.path}404.html" for edition in story_under_test.editions]:
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
def test_tabs_are_large_enough_to_touch(story_under_test, new_page, site_url):
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + chart_page(story_under_test))
    heights = page.evaluate("[...document.querySelectorAll('.sk-chart .tabbed-labels > label')]"
                            ".map(l => l.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44


@pytest.mark.browser
def test_print_shows_charts_tables_and_sources_but_not_navigation(story_under_test, story, new_page, site_dir, site_url):
    from urllib.parse import urlsplit

    path = chart_page(story_under_test)
    live = first_chart(site_dir, path)
    page = new_page(scheme="dark")
    page.goto(site_url + path)
    page.locator(f"[data-sk-chart={live}]").hover()  # one chart live, the others pictures
    page.wait_for_function(f"() => document.querySelector('[data-sk-chart={live}]').dataset.skState === 'live'")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".sk-chart .tabbed-labels", ".modebar-container",
                   ".sk-chart__live", ".sk-chart__downloads"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for chart in page.locator(".sk-chart").all():
        for shown in (".sk-chart__title", ".sk-chart__picture--wide", "table.sk-chart-table", ".sk-chart__source"):
            assert chart.locator(shown).first.is_visible(), shown
    # Printed on white paper: the picture's text is dark, whatever the scheme on screen.
    fill = page.evaluate("chart => getComputedStyle(document.querySelector(`#chart-${chart} .sk-chart__picture--wide "
                         ".ytick text, #chart-${chart} .sk-chart__picture--wide .xtick text`)).fill", live)
    assert fill == "rgba(0, 0, 0, 0.87)", fill
    source = next(source for source in story.sources.values() if source.url)
    page.goto(site_url + story_under_test.page_of("facts_page"))
    page.emulate_media(media="print")
    after = page.evaluate(f"getComputedStyle(document.querySelector('#source-{source.id} a'), '::after').content")
    assert urlsplit(source.url).hostname in after, "printed links show their address"
    assert set(page.evaluate("[...document.querySelectorAll('.sk-deferred')].map(e => getComputedStyle(e)"
                             ".contentVisibility)")) == {"visible"}, "every table of facts is printed"


@pytest.mark.browser
def test_a_link_to_a_fact_lands_on_its_row_though_long_tables_are_laid_out_late(story_under_test, new_page,
                                                                                   site_url):
    facts_page = story_under_test.page_of("facts_page")
    page = new_page(width=375, height=740)
    page.goto(site_url + facts_page)
    assert page.evaluate("getComputedStyle(document.querySelector('.sk-deferred')).contentVisibility") == "auto"
    rows = page.evaluate("[...document.querySelectorAll('table.sk-facts')].map(table =>"
                         " [...table.querySelectorAll('tr[id]')].map(row => row.id))")
    rows = [ids for ids in rows if ids]
    # Below a table laid out late (when there are two); deep inside the last one.
    for target in ([rows[1][0]] if len(rows) > 1 else []) + [rows[-1][-1]]:
        page = new_page(width=375, height=740)
        page.goto(site_url + f"{facts_page}#{target}")
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


def edition_of(story_under_test, path: str):
    return max((edition for edition in story_under_test.editions if path.startswith(edition.path)),
               key=lambda edition: len(edition.path))


def test_every_page_has_a_description_sharing_tags_and_canonical_address(story_under_test, site_dir, site_url, page):
    path = page
    soup = soup_of(site_dir, path)
    meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.find_all("meta")}
    edition = edition_of(story_under_test, path)
    assert meta["description"].strip()  # (how long this site's are: tests/story/test_story_pages.py)
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert meta["og:title"] and meta["twitter:title"] == meta["og:title"]
    assert meta["twitter:card"] == "summary_large_image"
    slug = path.removeprefix(edition.path).strip("/") or "index"
    assert meta["og:image"] == meta["twitter:image"] == f"{site_url}{edition.path}assets/cards/{slug}.png"
    assert soup.find("link", rel="canonical")["href"] == site_url + path
    assert soup.html["lang"] == edition.language
    assert re.fullmatch(OG_LOCALES.get(edition.language, re.escape(edition.language.split("-")[0]) + "_[A-Z]{2}"),
                        meta["og:locale"]), meta["og:locale"]
    headings = [int(h.name[1]) for h in soup.select("article h1, article h2, article h3, article h4")]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:])), "headings in order"


def test_every_page_has_its_social_card(story_under_test, site_dir, page):
    folder = edition_of(story_under_test, page).path
    card = site_dir / folder / "assets" / "cards" / f"{page.removeprefix(folder).strip('/') or 'index'}.png"
    header = card.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1200, 630)


def test_sitemap_lists_every_page_at_the_sites_address(story_under_test, site_dir, site_url):
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    locations = {element.text for element in tree.iter() if element.tag.endswith("loc")}
    assert locations == {site_url + path for path in story_under_test.pages()}


def test_404_page_points_somewhere_useful(story_under_test, site_dir):
    for edition in story_under_test.editions:
        soup = BeautifulSoup((site_dir / edition.path / "404.html").read_text(), "html.parser")
        language = story_under_test.language(edition.language)
        assert soup.find("h1").get_text() == language.say("not_found.title") and soup.html["lang"] == edition.language
        links = {a.get_text() for a in soup.select("article a")}
        navigation = {" ".join(a.get_text().split())
                      for a in soup_of(site_dir, edition.path).select(".md-nav--primary a.md-nav__link")
                      if not a.find_parent(class_="md-nav--secondary")}  # not the home page's own sections
        assert navigation and navigation <= links, "every page of the edition, by its title"
        assert soup.select_one(".md-search") is not None


def quoted_fact(story_under_test, story, site_dir) -> str:
    """A fact with a quote that the home page names in its prose."""
    return next(a["href"].rsplit("#fact-", 1)[1] for a in soup_of(site_dir, "").select("article p a.sk-fact")
                if story.facts[a["href"].rsplit("#fact-", 1)[1]].fact.quote)


@pytest.mark.browser
def test_a_facts_quote_and_source_show_on_keyboard_focus(story_under_test, story, language, new_page, site_dir,
                                                         site_url):
    fact = story.facts[quoted_fact(story_under_test, story, site_dir)]
    page = new_page()
    page.goto(site_url)
    fall = page.locator(f"article p a.sk-fact[href$='#fact-{fact.id}']").first
    tooltip = page.locator("[role=tooltip]#sk-tip")
    assert not tooltip.is_visible()
    fall.focus()
    tooltip.wait_for(timeout=5_000)
    outlet = language.local(story.sources[fact.fact.source].outlet)
    assert fact.fact.quote in tooltip.inner_text() and outlet in tooltip.inner_text()
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
    page.goto(site_url)
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
    page.goto(site_url)
    links = page.locator("a.sk-fact:visible")  # not those folded away in a check's evidence
    tips = [link.get_attribute("data-sk-tip") for link in links.all()]
    # Far apart: the focused one's tooltip covers its neighbours.
    focused, passed = links.first, links.nth(max(index for index, tip in enumerate(tips) if tip != tips[0]))
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
