"""Every file a page needs is fetched once: on the first load, after instant navigation, and when the reader
opens the search, in both editions.

The pages are served as a host that lets nothing be reused without asking would serve them (`Cache-Control:
no-cache`, as `mkdocs serve` and bare static servers effectively do): each time the page asks for a file
again, the request shows, even where a host's caching would have hidden it from the network.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import ZH, bring_charts_to_life, ready, scroll_through

# The search index and its worker (Material's), fetched only when the reader goes to the search.
SEARCH_FILES = ("search/search_index.json", "/workers/search.")


def no_cache(route) -> None:
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "cache-control": "no-cache"})


class Reader:
    """A reader in a fresh browser context, with every request the page makes noted."""

    def __init__(self, browser, site_url: str, **options) -> None:
        self.context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        self.context.route(site_url + "**", no_cache)
        self.page = self.context.new_page()
        self.requests: list[tuple[str, str]] = []  # (URL, resource type)
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append((request.url, request.resource_type)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def arrive(self, url: str) -> None:
        self.page.goto(url)
        ready(self.page)
        self.page.evaluate("window.__sameDocument = true")

    def follow(self, path: str, url: str) -> None:
        """Follow the navigation's link to `path`, as a reader clicks it (instant navigation)."""
        self.page.locator(f".md-nav--primary a.md-nav__link[href$='{path}']").first.click()
        self.page.wait_for_url(url)
        self.page.wait_for_function("(url) => document.querySelector('link[rel=canonical]').href === url", arg=url)
        assert self.page.evaluate("window.__sameDocument === true"), "instant navigation"

    def repeats(self) -> dict[str, int]:
        """URLs the page asked for more than once. Not the page's icon: Chromium asks for it again after every
        navigation, instant or not (the browser's doing, which a host's caching answers)."""
        icon = self.page.evaluate("document.querySelector('link[rel~=icon]').href")
        counts = Counter(url for url, _ in self.requests if not url.startswith("data:"))
        return {url: count for url, count in counts.items() if count > 1 and url != icon}

    def fetched(self, part: str) -> int:
        return sum(part in url for url, _ in self.requests)

    def close(self) -> None:
        self.context.unroute_all(behavior="ignoreErrors")  # requests still under way when the test ends
        self.context.close()
        assert not self.errors, self.errors


@pytest.fixture
def reader(browser, site_url):
    readers: list[Reader] = []

    def open_reader(**options) -> Reader:
        readers.append(Reader(browser, site_url, **options))
        return readers[-1]

    yield open_reader
    for one in readers:
        one.close()


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["", ZH], ids=["en", "zh"])
def test_every_file_a_page_needs_is_fetched_once_on_load_and_after_instant_navigation(reader, site_url, edition):
    visit = reader()
    home = site_url + edition
    visit.arrive(home + "scale/")
    scroll_through(visit.page)
    bring_charts_to_life(visit.page)
    for path in ("suspension/", "fact-check/"):
        visit.follow(path, home + path)
        scroll_through(visit.page)
        if visit.page.locator(".sk-chart").count():
            bring_charts_to_life(visit.page)
    assert visit.repeats() == {}
    documents = [url for url, kind in visit.requests if kind == "document"]
    assert documents == [home + "scale/"], "one page load, then instant navigation"
    assert visit.fetched("plotly") == 1 and visit.fetched("/assets/stylesheets/main.") == 1
    assert not any(visit.fetched(part) for part in SEARCH_FILES), "no search index for a reader who does not search"


def type_as_a_reader(page, query: str) -> None:
    """Latin letters key by key; Chinese as an input method commits it: the text at once, then the key that
    committed it coming up (Material searches on a key's release)."""
    if query.isascii():
        page.keyboard.type(query)
    else:
        page.keyboard.insert_text(query)
        page.keyboard.up("Space")


@pytest.mark.browser
@pytest.mark.parametrize("edition, query, found, width", [
    ("", "Qingfeng", "qingfeng-plan/", 1280), ("", "Qingfeng", "qingfeng-plan/", 375),
    (ZH, "清风计划", "qingfeng-plan/", 1280), (ZH, "暂停注册", "suspension/", 375)])
def test_search_answers_the_first_keystroke_and_fetches_its_index_once(reader, site_url, edition, query, found, width):
    phone = width < 500
    visit = reader(viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone)
    visit.arrive(site_url + edition + "scale/")
    assert not any(visit.fetched(part) for part in SEARCH_FILES), "the index waits until the reader goes to the search"
    if phone:
        visit.page.locator("label.md-header__button[for='__search']").tap()
    else:
        visit.page.locator("input.md-search__input").click()
    type_as_a_reader(visit.page, query)  # at once: the index is not there yet
    visit.page.wait_for_selector(".md-search-result__item", timeout=15_000)
    links = visit.page.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.href)")
    assert any(link.split("?")[0].split("#")[0] == site_url + edition + found for link in links), links
    assert all(visit.fetched(part) == 1 for part in SEARCH_FILES)
    assert visit.repeats() == {}
