"""The site's security policy: in every page's <meta>, and as the headers the README recommends.

The built site works under either with no violation; story pages refuse to be framed by other
sites, while each chart's embed page may be.
"""

from __future__ import annotations

import base64
import hashlib
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from bs4 import BeautifulSoup

from helpers import StaticServer, free_port, mkdocs_build, ready

from storykit.site import headers as hosting

TIMEOUT = 20_000  # ms
ALL_LIVE = """() => [...document.querySelectorAll('.sk-chart__plot')]
                    .every(plot => plot.getAttribute('data-sk-state') === 'live')"""
PLOTLY_RULES = """() => { const style = document.getElementById('plotly.js-style-global');
                         return style && style.sheet ? style.sheet.cssRules.length : 0; }"""
# Collected in Python, so that violations survive full page loads.
REPORT_VIOLATIONS = """document.addEventListener('securitypolicyviolation', event => window.__reportViolation(
    [location.pathname, event.effectiveDirective, event.blockedURI, event.sourceFile + ':' + event.lineNumber,
     event.sample].join(' | ')));"""


@pytest.fixture(scope="module")
def hosted(story_under_test, tmp_path_factory) -> Iterator[tuple[Path, dict[str, str], StaticServer]]:
    """The story's site (its first edition) built for a server on a free port, served with the recommended
    headers."""
    port = free_port()
    site = tmp_path_factory.mktemp("hosted") / "site"
    result = mkdocs_build(story_under_test.root, site, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr
    recommended = hosting.security_headers(site)
    server = StaticServer(site, port, rules=hosting.header_rules(site))
    yield site, recommended, server
    server.close()


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


def first_chart(site: Path) -> tuple[str, str]:
    """A chart of the site, and the page it is placed on (as addressed on the server)."""
    for path in page_paths(site):
        if not path.startswith("embed/") and path.endswith("/") or path == "":
            chart = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(
                ".sk-chart__plot[data-sk-chart]")
            if chart is not None:
                return chart["data-sk-chart"], path
    pytest.skip("the story has no chart")


def page_paths(site: Path) -> list[str]:
    """Every page of the site, as addressed on the server ('' for the home page)."""
    paths = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


# The policy


def test_the_policy_allows_exactly_the_inline_scripts_of_the_site(hosted):
    site, recommended, _ = hosted
    policy = directives(recommended["Content-Security-Policy"])
    expected = set()
    for page in site.rglob("*.html"):
        for script in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("script"):
            if script.get("src") is None and script.get("type", "text/javascript") in ("text/javascript", "module"):
                digest = hashlib.sha256(script.string.encode("utf-8")).digest()
                expected.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    assert len(expected) >= 3  # Material's scope (one per page depth), palette and tab scripts
    assert set(policy["script-src"]) == {"'self'"} | expected
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and "frame-ancestors" not in policy, "framing is a rule of its own"
    assert not any(source.startswith(("http:", "https:")) or source == "*"
                   for sources in policy.values() for source in sources), "the site needs no other host"


def test_the_headers_print_in_the_format_of_netlify_and_cloudflare(hosted, capsys):
    site, recommended, _ = hosted
    assert hosting.main([str(site)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "/*"
    assert lines[1:1 + len(recommended)] == [f"  {name}: {value}" for name, value in recommended.items()]
    assert {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"} <= \
        recommended.keys()
    assert recommended["X-Content-Type-Options"] == "nosniff" and recommended["Referrer-Policy"] == "no-referrer"
    rules = dict(hosting.header_rules(site)[1:])
    pages = [path for path in page_paths(site) if not path.startswith("embed/")]
    assert {f"/{path}" for path in pages} <= rules.keys(), "every story page refuses framing"
    assert all(headers == {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}
               for headers in rules.values())
    assert not any(path.startswith("/embed/") for path in rules), "embed pages may be framed"


def test_the_headers_refuse_a_folder_that_holds_no_site(tmp_path, capsys):
    assert hosting.main([str(tmp_path)]) == 1
    assert "build the site first" in capsys.readouterr().err


def test_the_test_server_sends_the_headers(hosted):
    _, recommended, server = hosted
    with urllib.request.urlopen(server.url) as response:
        for name, value in recommended.items():
            if name != "Content-Security-Policy":
                assert response.headers[name] == value
        assert response.headers.get_all("Content-Security-Policy") == [recommended["Content-Security-Policy"],
                                                                       "frame-ancestors 'none'"]
        assert response.headers["X-Frame-Options"] == "DENY"
    with urllib.request.urlopen(server.url + f"embed/{first_chart(hosted[0])[0]}/") as response:
        assert response.headers.get_all("Content-Security-Policy") == [recommended["Content-Security-Policy"]]
        assert response.headers["X-Frame-Options"] is None


def test_every_page_carries_the_policy_first_in_its_head(hosted):
    site, recommended, _ = hosted
    for path in page_paths(site):
        page = site / (path + "index.html" if not path.endswith(".html") else path)
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        metas = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, path
        assert metas[0]["content"] == recommended["Content-Security-Policy"], path
        before = [tag.name for tag in metas[0].find_all_previous(["script", "style", "link"])]
        assert before == [], f"{path}: the policy comes before anything it governs"


# In a browser


def open_context(browser, violations: list[str], errors: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.expose_function("__reportViolation", lambda text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)

    def watch(page) -> None:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
    context.on("page", watch)
    return context


def draw_every_chart(page) -> int:
    """Point at every chart, once the page's scripts listen (they load after it), so that each becomes live."""
    ready(page)
    plots = page.locator(".sk-chart__plot")
    for index in range(plots.count()):
        plots.nth(index).hover()
    page.wait_for_function(ALL_LIVE, timeout=TIMEOUT)
    return plots.count()


@pytest.mark.browser
def test_every_page_works_under_the_headers_with_no_violation(hosted, browser):
    site, _, server = hosted
    _, chart_page = first_chart(site)
    start = next(path for path in page_paths(site) if path != chart_page and not path.startswith("embed/")
                 and not path.endswith(".html"))
    chart_soup = BeautifulSoup((site / chart_page / "index.html").read_text(encoding="utf-8"), "html.parser")
    heading = chart_soup.h1["id"]
    searched = max(chart_soup.h1.get_text(" ", strip=True).rstrip(" ¶").split(), key=len)  # a word of its title
    start_soup = BeautifulSoup((site / start / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = next(" ".join(a.get_text().split()) for a in start_soup.select(".md-nav--primary a.md-nav__link[href]")
                if urllib.parse.urljoin(server.url + start, a["href"]) == server.url + chart_page)  # its title
    violations: list[str] = []
    errors: list[str] = []
    context = open_context(browser, violations, errors)
    try:
        page = context.new_page()
        drawn = 0
        for path in page_paths(site):
            response = page.goto(server.url + path)
            assert response is not None and response.ok, path
            ready(page)
            drawn += draw_every_chart(page)
            if page.locator(".modebar").count():
                # plotly.js styles its charts from a <style> element the policy lets it add (and fill)
                assert page.evaluate(PLOTLY_RULES) > 0, path
                assert page.eval_on_selector(".modebar", "node => getComputedStyle(node).position") == "absolute"
        assert drawn >= 2 * len([path for path in page_paths(site) if path.startswith("embed/")]), \
            "each chart on its page and on its page to embed"

        # A chart page: toggle the palette (charts re-theme) if the story offers one, download a chart as PNG.
        page.goto(server.url + chart_page)
        ready(page)
        draw_every_chart(page)
        body = page.locator("body")
        if page.locator("form[data-md-component=palette]").count():
            schemes = {body.get_attribute("data-md-color-scheme")}
            for _ in range(2):
                page.click("form[data-md-component=palette] label:not([hidden])")
                schemes.add(body.get_attribute("data-md-color-scheme"))
            assert schemes == {"default", "slate"}
        plot = page.locator(".sk-chart__plot").first
        plot.scroll_into_view_if_needed()
        plot.hover()
        with page.expect_download(timeout=TIMEOUT) as download:
            plot.locator('[data-title="Download the chart as a PNG image"]').click()
        assert download.value.suggested_filename.endswith(".png")

        # Search runs in a worker and fetches its index.
        page.click("input.md-search__input")
        page.keyboard.type(searched)
        page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT)
        page.keyboard.press("Escape")

        # Instant navigation fetches the next page and re-inserts its inline scripts.
        page.goto(server.url + start)
        ready(page)
        page.evaluate("window.__samePage = true")
        page.locator(".md-nav--primary .md-nav__link", has_text=link).first.click()
        page.wait_for_url(server.url + chart_page)
        # The address changes before the new page's content is in: wait for its heading, or the old
        # page's charts would be the ones pointed at.
        page.wait_for_selector(f"h1#{heading}")
        assert page.evaluate("window.__samePage === true"), "the link did a full page load"
        draw_every_chart(page)
    finally:
        context.close()
    assert violations == []
    assert [error for error in errors if "Content Security Policy" in error] == []
    assert errors == []


@pytest.mark.browser
def test_a_violation_would_be_seen(hosted, browser):
    """The check above is not blind: without the hashes, Material's inline scripts are refused."""
    site, recommended, _ = hosted
    policy = directives(recommended["Content-Security-Policy"])
    policy["script-src"] = ["'self'"]
    port = free_port()
    strict = StaticServer(site, port, headers={
        "Content-Security-Policy": "; ".join(" ".join([name, *sources]) for name, sources in policy.items())})
    violations: list[str] = []
    errors: list[str] = []
    context = open_context(browser, violations, errors)
    try:
        context.new_page().goto(strict.url)
    finally:
        context.close()
        strict.close()
    assert any("script-src-elem" in violation for violation in violations), violations
    assert any("Content Security Policy" in error for error in errors), errors


@pytest.mark.browser
def test_every_page_works_under_its_meta_policy_alone(hosted, browser):
    """As on a host that sends no headers (GitHub Pages): the <meta> policy holds, and nothing breaks."""
    site, _, _ = hosted
    port = free_port()
    bare = StaticServer(site, port)
    violations: list[str] = []
    errors: list[str] = []
    context = open_context(browser, violations, errors)
    try:
        page = context.new_page()
        for path in page_paths(site):
            response = page.goto(f"http://127.0.0.1:{port}/" + path)
            assert response is not None and response.ok and "Content-Security-Policy" not in response.headers
            if page.locator(".sk-chart__plot").count():
                draw_every_chart(page)
        assert violations == [] and errors == []
        # The policy is enforced, not just present: an inline script it does not list is refused.
        page.evaluate("() => { const tag = document.createElement('script'); tag.textContent = 'window.__ran = 1';"
                      " document.body.appendChild(tag); }")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__ran") is None
        assert any("script-src-elem" in violation for violation in violations), violations
    finally:
        context.close()
        bare.close()


@pytest.mark.browser
def test_another_site_may_frame_a_charts_embed_page_but_not_a_story_page(hosted, browser, tmp_path):
    site, _, server = hosted
    chart, chart_page = first_chart(site)
    title = BeautifulSoup((site / chart_page / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(
        f"#chart-{chart} .sk-chart__title").get_text(" ", strip=True)
    (tmp_path / "index.html").write_text(
        f'<iframe id="embed" src="{server.url}embed/{chart}/" width="700" height="700"></iframe>'
        f'<iframe id="story" src="{server.url}{chart_page}" width="700" height="300"></iframe>', encoding="utf-8")
    other = StaticServer(tmp_path, free_port())
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(other.url)
        page.wait_for_timeout(1500)
        frames = {frame.url: frame for frame in page.frames}
        embed = frames.get(f"{server.url}embed/{chart}/")
        assert embed is not None and embed.locator(".sk-chart__picture--wide").count() == 1
        assert " ".join(embed.locator(".sk-chart__title").inner_text().split()) == title
        embed.locator(".sk-chart__plot").hover()
        embed.wait_for_function("() => document.querySelector('.sk-chart__plot').dataset.skState === 'live'",
                                timeout=TIMEOUT)
        story = next(frame for frame in page.frames if frame is not page.main_frame and frame is not embed)
        assert story.evaluate("document.querySelector('article') === null"), "the story page is refused"
    finally:
        context.close()
        other.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_embed_code_fits_its_frame_to_the_chart_on_a_phone_and_a_desktop(hosted, browser, tmp_path, width):
    """Pasted into another site's page as the chart's block offers it, the frame shows the whole chart."""
    site, _, server = hosted
    chart, chart_page = first_chart(site)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(server.url + chart_page)
    page.wait_for_function("() => window.__skReady === true")
    page.locator(f"#chart-{chart} details.sk-chart__embed summary").click()
    code = page.locator(f"#chart-{chart} pre.sk-chart__code")
    code.filter(has_text="<iframe").wait_for()  # written by charts.js as the block opens
    code = code.inner_text()
    frame = BeautifulSoup(code, "html.parser").iframe
    title = page.locator(f"#chart-{chart} .sk-chart__title").inner_text()
    assert frame["src"] == f"{server.url}embed/{chart}/" and frame["title"] == title, code
    (tmp_path / "index.html").write_text(f"<!doctype html><p>A page elsewhere.</p>{code}", encoding="utf-8")
    other = StaticServer(tmp_path, free_port())
    try:
        page.goto(other.url)
        frame = page.frame_locator("iframe[data-sk-embed]").locator("body")
        frame.locator(".sk-chart__picture").first.wait_for(state="attached")
        page.wait_for_timeout(800)
        embed = next(f for f in page.frames if f is not page.main_frame)
        content = embed.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
        shown = page.evaluate("() => document.querySelector('iframe[data-sk-embed]').getBoundingClientRect().height")
        assert content <= shown + 1 and shown - content <= 4, (width, content, shown)
    finally:
        context.close()
        other.close()
