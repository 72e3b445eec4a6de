"""This site's content checks: its data, its words and its built site, in both editions."""

from __future__ import annotations

import pytest

from helpers import ROOT, SITE, served_site


@pytest.fixture(scope="session")
def story():
    """The site's data, loaded as its build loads it (settings from mkdocs.yml, through the plugin's reader)."""
    return SITE.story


@pytest.fixture(scope="session")
def english():
    """The site's language: the machinery's English words with the story's own."""
    return SITE.language("en")


@pytest.fixture(scope="session")
def chinese():
    return SITE.language("zh-Hans")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built with --strict for a server on a free port (so instant navigation works)."""
    site_dir, server = served_site(ROOT, tmp_path_factory)
    yield site_dir, server.url
    server.close()


@pytest.fixture(scope="session")
def site_dir(built_site):
    return built_site[0]


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    return built_site[1]
