"""Every page of the built site passes the Nu Html Checker (vnu-jar, the W3C's validator), with no error of
our own: Material's two toggles carry `autocomplete` on a checkbox, which the checker refuses, and are its."""

from __future__ import annotations

from helpers import html_errors


def test_every_page_is_valid_html(story_under_test, site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    editions = len(story_under_test.editions)
    assert len(pages) >= len(story_under_test.every_page()) + editions * (1 + len(story_under_test.charts)), \
        "the story's pages, the 404 page and each chart's page of its own, in every edition"
    assert html_errors(pages) == []


def test_the_checker_finds_what_it_is_for(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                    '<a href="a">a link <a href="b">inside a link</a></a><svg hidden></svg>'
                    '<input class="md-toggle" type="checkbox" autocomplete="off"></body></html>', encoding="utf-8")
    found = html_errors([page])
    assert len(found) >= 2 and any("“a”" in message for message in found), found
    assert not any("autocomplete" in message for message in found), "Material's own toggle is not counted"
