"""Every file a page needs is fetched once: on the first load, after instant navigation, and when the reader
opens the search, in every edition of the story `--story` names.

The pages are served as a host that lets nothing be reused without asking would serve them (`Cache-Control:
no-cache`, as `mkdocs serve` and bare static servers effectively do): each time the page asks for a file
again, the request shows, even where a host's caching would have hidden it from the network.
"""

from __future__ import annotations

import pytest

from helpers import fetched_again, needs, search_from, soup_of


@pytest.mark.browser
def test_every_file_a_page_needs_is_fetched_once_on_load_and_after_instant_navigation(story_under_test, reader,
                                                                                       site_url):
    """In each edition: arrive on a page with a chart, read it with its charts live, then follow the navigation
    to each other page and read it the same way."""
    for edition in story_under_test.editions:
        pages = story_under_test.pages(edition.language)
        first = next((page for page in pages if "<!-- chart:" in story_under_test.page_file(page).read_text("utf-8")),
                     None)
        needs(first is not None, "no chart")
        others = [site_url + page for page in pages if page != first]
        assert fetched_again(reader(), site_url + first, others) == [], edition.language


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_search_answers_the_first_keystroke_and_fetches_its_index_once(story_under_test, reader, site_dir, site_url,
                                                                        width):
    """In each edition, a page's heading, searched for from the edition's first page, finds that page."""
    for edition in story_under_test.editions:
        pages = story_under_test.pages(edition.language)
        needs(len(pages) > 1, "one page: nothing to search for")
        wanted = pages[-1]
        heading = soup_of(site_dir, wanted).select_one("article h1").get_text(" ", strip=True)
        visit = reader(viewport={"width": width, "height": 800}, is_mobile=width < 500, has_touch=width < 500)
        found = search_from(visit, site_url + pages[0], heading, width)
        assert site_url + wanted in found, (edition.language, heading, found)
