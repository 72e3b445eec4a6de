"""The generator's tests: they run against one story, `--story` (tests/stories/ferry by default), and hold no
word of this site's. A test whose story lacks what it checks (a second edition, a daily series...) skips, saying
so; tests that need exact records (the catalogue of mistakes, hostile text) use the ferry whatever `--story` says.

    .venv/bin/python -m pytest tests/storykit --story path/to/story
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FERRY, StoryProject, served_site


def story_of(config: pytest.Config) -> StoryProject:
    """The story the generator's tests run against, read as the plugin reads it."""
    given = config.getoption("story")
    folder = (config.invocation_params.dir / given).resolve() if given else FERRY
    if not (folder / "mkdocs.yml").is_file():
        pytest.exit(f"--story {folder}: no mkdocs.yml there; expected a story's folder", returncode=4)
    return StoryProject(folder)


@pytest.fixture(scope="session")
def story_under_test(request: pytest.FixtureRequest) -> StoryProject:
    return story_of(request.config)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that take one of these arguments run once for each of the story's pages, as folders of the site:
    `page` each page of every edition ("", "sources/", "de/"...), `first_edition_page` those of the first edition,
    `chart_page` those of its pages that show a chart, `any_page` every page with each edition's 404 page and each
    chart's page to embed."""
    if not {"page", "first_edition_page", "any_page", "chart_page"} & set(metafunc.fixturenames):
        return
    project = story_of(metafunc.config)
    every = project.every_page()
    found = {
        "page": every,
        "first_edition_page": project.pages(),
        "chart_page": [page for page in project.pages() if "<!-- chart:" in project.page_file(page).read_text("utf-8")],
        "any_page": every + [f"{edition.path}{extra}" for edition in project.editions
                             for extra in ["404.html", *(f"embed/{chart}/" for chart in project.charts)]],
    }
    for name, pages in found.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, pages, ids=[page.rstrip("/") or "home" for page in pages])


@pytest.fixture(scope="session")
def ferry() -> StoryProject:
    return StoryProject(FERRY)


@pytest.fixture(scope="session")
def story(story_under_test):
    """The story's data, loaded as its build loads it."""
    return story_under_test.story


@pytest.fixture(scope="session")
def language(story_under_test):
    """The first edition's language: the machinery's words with the story's own."""
    return story_under_test.language()


@pytest.fixture(scope="session")
def built_site(story_under_test, tmp_path_factory):
    """Every edition of the story, built with --strict for a server on a free port."""
    site_dir, server = served_site(story_under_test.root, tmp_path_factory)
    yield site_dir, server.url
    server.close()


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site[0]


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    return built_site[1]
