"""Changes in the open: the Changes page, a note at each corrected fact, and an Atom feed.

The record lives in the data (a `changes:` section, validated like the rest); the page, the
notes and the feed are all made from it. The feed is written by feedgen, and is the same bytes
for the same record: its dates are the changes' own, never the build's.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from .model import Change
from .units import DisplayOptions, format_date

CHANGE_KINDS = {"correction": "Correction", "update": "Update", "addition": "Addition"}
FEED_PATH = "changes.xml"


def change_anchor(change_id: str) -> str:
    return f"change-{change_id}"


def changes_list(changes: list[Change], details: Callable[[Change], Markup], fact_link: Callable[[str], str],
                 fact_label: Callable[[str], str], feed_href: str) -> Markup:
    """Every change, newest first, each with its kind, date, details and the facts it touched."""
    items = []
    for change in changes:
        facts = Markup(", ").join(Markup('<a href="{}">{}</a>').format(fact_link(fact_id), fact_label(fact_id))
                                  for fact_id in change.facts)
        touched = Markup('<p class="sk-change__facts">Facts: {}</p>').format(facts) if change.facts else Markup("")
        items.append(Markup(
            '<li class="sk-change sk-change--{kind}" id="{anchor}"><p class="sk-change__head">'
            '<span class="sk-badge sk-badge--{kind}">{label}</span> <time datetime="{iso}">{day}</time></p>'
            '<p class="sk-change__summary">{summary}</p><p>{details}</p>{touched}</li>').format(
            kind=change.kind, anchor=change_anchor(change.id), label=CHANGE_KINDS[change.kind],
            iso=change.date.isoformat(), day=format_date(change.date, DisplayOptions()), summary=change.summary,
            details=details(change), touched=touched))
    feed = Markup('<p>Follow the changes in a feed reader: <a href="{}" type="application/atom+xml">'
                  'Atom feed of changes</a>.</p>').format(feed_href)
    if not items:
        return feed + Markup('<p class="sk-changes sk-changes--none">No changes yet.</p>')
    return feed + Markup('<ol class="sk-changes">{}</ol>').format(Markup("").join(items))


def corrected_note(corrections: list[Change], changes_href: Callable[[str], str]) -> Markup:
    """The note at a corrected fact: the day of each correction, linking to what it changed."""
    if not corrections:
        return Markup("")
    days = Markup(", ").join(Markup('<a href="{}">{}</a>').format(
        changes_href(change_anchor(change.id)), format_date(change.date, DisplayOptions()))
        for change in corrections)
    return Markup('<br><span class="sk-correction">Corrected on {}</span>').format(days)


def atom_feed(changes: list[Change], *, site_name: str, site_url: str, changes_url: str,
              details: Callable[[Change], str], authors: list[str], day: dt.date) -> bytes:
    """An Atom feed of the changes, newest first."""
    feed = FeedGenerator()
    feed.id(changes_url)
    feed.title(f"{site_name}: changes and corrections")
    feed.subtitle("Every correction, update and addition to the site, with the facts it touched.")
    feed.link(href=site_url + FEED_PATH, rel="self", type="application/atom+xml")
    feed.link(href=changes_url, rel="alternate", type="text/html")
    feed.language("en")
    for author in authors:
        feed.author({"name": author})
    feed.updated(_moment(changes[0].date if changes else day))  # a feed with no entry yet is as new as the site
    for change in changes:
        entry = feed.add_entry(order="append")
        entry.id(f"{changes_url}#{change_anchor(change.id)}")
        entry.title(f"{CHANGE_KINDS[change.kind]}: {change.summary}")
        entry.link(href=f"{changes_url}#{change_anchor(change.id)}", rel="alternate", type="text/html")
        entry.updated(_moment(change.date))
        entry.published(_moment(change.date))
        entry.category(term=change.kind, label=CHANGE_KINDS[change.kind])
        entry.content(details(change), type="text")
    return feed.atom_str(pretty=True)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
