"""This site's own pages as its readers meet them, in both editions: valid HTML, nothing axe finds in either
scheme, nothing that scrolls sideways on a phone or a tablet, no chart text on other text or cut off, every link
leading somewhere, each estimate labelled where it first appears, each file fetched once, and a search that finds
the story's names (in Chinese as an input method types them).

The generator guarantees these for any story (tests/storykit, run against tests/stories/ferry); here they are
checked on what this site's authors write: its pages, its chart functions (scripts/story_charts.py), its data."""

from __future__ import annotations

import pytest

from helpers import (SITE, axe_violations, chart_text_problems, fetched_again, html_errors, phone_problems,
                     search_from, sideways_during_loads, soup_of, too_wide, unlabelled_first_mentions)

ZH = "zh/"  # the Chinese edition's folder
PAGES = SITE.every_page()  # every page of both editions, as folders of the site
FIRST_EDITION = SITE.pages()
CHART_PAGES = [page for page in FIRST_EDITION if "<!-- chart:" in SITE.page_file(page).read_text(encoding="utf-8")]
OTHER_PAGES = [f"{edition.path}{extra}" for edition in SITE.editions
               for extra in ["404.html", "embed/timeline/", "embed/market-daily/", "embed/qingfeng-targets/"]]


def test_every_page_is_valid_html(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 16, "the story's pages, the 404 page and each chart's page of its own"
    assert html_errors(pages) == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES + ["404.html", "embed/market-daily/", "zh/404.html", "zh/embed/market-daily/"])
def test_axe_finds_no_violation(new_page, site_url, path, scheme):
    page = new_page(scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    page.goto(site_url + path)
    if "embed/" not in path:  # an embed page follows the system's scheme, without Material
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("path", FIRST_EDITION)
def test_nothing_scrolls_sideways_on_a_phone(new_page, site_url, path):
    page = new_page(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(site_url + path)
    assert phone_problems(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("width", [320, 375, 768])
def test_nothing_scrolls_sideways_at_any_width_with_or_without_script(browser, site_url, width, script):
    assert too_wide(browser, site_url, PAGES + OTHER_PAGES, width, script) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 768, 1280])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_no_chart_text_overlaps_other_text_or_is_cut_off(new_page, site_url, path, width):
    """In the picture a reader sees first, and in the live chart that replaces it (in Chinese: test_chinese)."""
    page = new_page(width=width, height=900)
    page.goto(site_url + path)
    assert chart_text_problems(page) == {}


def test_every_internal_link_and_anchor_resolves(site_dir, site_url):
    """Each edition's build checks its own links (storykit.sitelinks); here both editions, one inside the
    other, as they are published."""
    from storykit.checks.sitelinks import links_to_nowhere

    checked, broken = links_to_nowhere(site_dir, site_url)
    assert checked > 500
    assert [str(link) for link in broken] == []


@pytest.mark.parametrize("path", FIRST_EDITION)
def test_an_estimate_or_a_disputed_figure_says_so_where_it_first_appears(site_dir, english, path):
    """The label follows a figure's first mention on a page, or the sentence says it in words; later
    mentions stay quiet, and every mention's tooltip carries the label for keyboards and screen readers."""
    assert unlabelled_first_mentions(soup_of(site_dir, path), english, path) == []


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["", ZH], ids=["en", "zh"])
def test_every_file_a_page_needs_is_fetched_once_on_load_and_after_instant_navigation(reader, site_url, edition):
    """Arriving on Scale (three charts), then on to Suspension (charts) and Fact-check (none)."""
    home = site_url + edition
    assert fetched_again(reader(), home + "scale/", [home + "suspension/", home + "fact-check/"]) == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ["scale/", "zh/scale/"])
def test_the_scale_page_never_scrolls_sideways_while_it_loads(browser, site_url, path):
    """At 768 px with script, a check after the page was ready once saw Scale 24 px wide in one run of two."""
    assert sideways_during_loads(browser, site_url + path) == []


@pytest.mark.browser
@pytest.mark.parametrize("edition, query, found, width", [
    ("", "Qingfeng", "qingfeng-plan/", 1280), ("", "Qingfeng", "qingfeng-plan/", 375),
    (ZH, "清风计划", "qingfeng-plan/", 1280), (ZH, "暂停注册", "suspension/", 375)])
def test_search_finds_the_storys_names_from_the_first_keystroke(reader, site_url, edition, query, found, width):
    visit = reader(viewport={"width": width, "height": 800}, is_mobile=width < 500, has_touch=width < 500)
    assert site_url + edition + found in search_from(visit, site_url + edition + "scale/", query, width)
