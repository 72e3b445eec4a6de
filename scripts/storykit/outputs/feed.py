"""An Atom feed of the changes, written by feedgen: the same bytes for the same record (its dates are
the changes' own, never the build's)."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..core import paths
from ..site.record import Build


# Nothing in the Downloads block: linked from every page's head and from the Changes page, not offered as a download.
def files(build: Build) -> dict[str, bytes]:
    return {paths.FEED: atom_feed(build)}


def atom_feed(build: Build) -> bytes:
    """The changes, newest first."""
    lang, story, site_url = build.language, build.story, build.settings.site_url
    changes_url = site_url + build.page_url("changes_page")
    writer = build.writer
    feed = FeedGenerator()
    feed.id(changes_url)
    feed.title(lang.say("feed.title", site=build.site_name))
    feed.subtitle(lang.say("feed.subtitle"))
    feed.link(href=site_url + paths.FEED, rel="self", type="application/atom+xml")
    feed.link(href=changes_url, rel="alternate", type="text/html")
    feed.language(lang.html_lang)
    for author in build.citation.authors:
        feed.author({"name": author})
    feed.updated(_moment(story.changes[0].date if story.changes else build.day))  # no entry yet: as new as the site
    for change in story.changes:
        entry = feed.add_entry(order="append")
        address = f"{changes_url}#{paths.change_anchor(change.id)}"
        kind = lang.say(f"changes.kinds.{change.kind}")
        entry.id(address)
        entry.title(lang.say("feed.entry", kind=kind, summary=lang.local(change.summary)))
        entry.link(href=address, rel="alternate", type="text/html")
        entry.updated(_moment(change.date))
        entry.published(_moment(change.date))
        entry.category(term=change.kind, label=kind)
        entry.content(writer.plain(change.details, build.where_in_data("changes", change.id, "details")), type="text")
    return feed.atom_str(pretty=True)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
