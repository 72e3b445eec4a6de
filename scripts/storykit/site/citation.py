"""How to cite the site, from the story's CITATION.cff: a block on every page and the dataset's README.

CITATION.cff (the Citation File Format, at the repository's root) is the one place that says who
made the work, under what licence and how to cite it; GitHub reads it too. The date of a page's
content is the build's SOURCE_DATE_EPOCH (the commit's time under `make build`), so a citation
names the version a reader saw, and two builds of one commit cite the same day.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup

from ..core.errors import StoryError
from ..writing.formats import PLAIN, date
from ..core.catalogue import Language
from ..core.templating import Templates

# BibTeX's month macros: syntax of the format, not words of a language.
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Citation:
    title: str
    abstract: str
    authors: list[str]
    licences: list[str]  # SPDX ids; the format allows one or a list
    message: str


def read_citation(path: Path, shown: str) -> Citation:
    """The fields the site uses from CITATION.cff; a missing or malformed file is a StoryError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoryError("no citation file; expected a CITATION.cff (Citation File Format 1.2.0) at the project's "
                         "root", file=shown) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise StoryError(f"malformed YAML ({getattr(error, 'problem', error)}); expected a Citation File Format file",
                         file=shown, line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not data.get("authors"):
        raise StoryError("expected a title and authors (Citation File Format 1.2.0)", file=shown, line=1)
    authors = [_author_name(author) for author in data["authors"] if isinstance(author, dict)]
    licences = data.get("license") or []
    licences = [licences] if isinstance(licences, str) else licences
    if not isinstance(licences, list) or not all(isinstance(licence, str) for licence in licences):
        raise StoryError(f"expected a licence's SPDX id or a list of them, got {licences!r:.60}", file=shown,
                         line=_line_of(path, "license"), field="license")
    return Citation(data["title"], " ".join(str(data.get("abstract", "")).split()), [name for name in authors if name],
                    licences, str(data.get("message", "")))


def _line_of(path: Path, key: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _author_name(author: dict) -> str:
    """A person's "given family" name, or an entity's name."""
    if author.get("name"):
        return str(author["name"])
    return " ".join(str(author[part]) for part in ("given-names", "family-names") if author.get(part))


def content_date() -> dt.date:
    """The day the content describes: SOURCE_DATE_EPOCH (as MkDocs reads it), else today, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else \
        dt.datetime.now(dt.timezone.utc)
    return moment.date()


# A page's citation


def plain_citation(citation: Citation, page_title: str, site_name: str, address: str, day: dt.date,
                   lang: Language) -> str:
    page = lang.say("cite.page_title", title=page_title) if page_title != site_name else ""
    return lang.say("cite.plain", authors=authors_in(citation, lang), year=day.year, page=page,
                    site=site_name, address=address, date=date(day, PLAIN, lang))


def authors_in(citation: Citation, lang: Language) -> str:
    """The authors as a language names them (a story's words may write an organisation's name in it)."""
    return lang.say("cite.authors", authors=lang.join(citation.authors, "semicolon"))


def bibtex(citation: Citation, page_title: str, site_name: str, address: str, day: dt.date, lang: Language) -> str:
    # The key in ASCII, which every BibTeX reads: the work's title and the page's path.
    key = re.sub(r"[^a-z0-9]+", "-", f"{citation.title} {urlsplit(address).path}".lower())
    key = f"{key.strip('-')[:60].strip('-') or 'page'}-{day.year}"
    authors = [authors_in(citation, lang)] if lang.text("cite.authors") != "{authors}" else citation.authors
    fields = [("author", " and ".join("{" + _tex(author) + "}" for author in authors)),
              ("title", "{" + _tex(page_title) + "}"),
              ("howpublished", f"{{{_tex(site_name)}}}"),
              ("year", str(day.year)),
              ("month", BIBTEX_MONTHS[day.month - 1]),
              ("url", f"{{{address}}}"),
              ("note", "{" + _tex(lang.say("cite.version", date=date(day, PLAIN, lang))) + "}")]
    return f"@misc{{{key},\n" + ",\n".join(f"  {name} = {value}" for name, value in fields) + "\n}"


def _tex(text: str) -> str:
    """Text made safe inside BibTeX braces: its special characters escaped."""
    for char in "\\{}%&$#_^~":
        text = text.replace(char, f"\\{char}" if char not in "\\^~" else {"\\": r"\textbackslash{}",
                                                                        "^": r"\^{}", "~": r"\~{}"}[char])
    return text


def cite_block(citation: Citation, page_title: str, site_name: str, address: str, day: dt.date,
               changes_href: str, feed_href: str, lang: Language, templates: Templates) -> Markup:
    """The "Cite this page" block: plain text and BibTeX, and where corrections are recorded."""
    markup = templates.macros("inline.html")
    changes = Markup(markup.link(changes_href, lang.say("cite.changes_link")))
    feed = Markup(markup.link(feed_href, lang.say("cite.feed_link"), type="application/atom+xml"))
    return templates.render(
        "cite.html", summary=lang.say("cite.summary"),
        text=plain_citation(citation, page_title, site_name, address, day, lang),
        bibtex=bibtex(citation, page_title, site_name, address, day, lang),
        changes=lang.html("cite.corrections", changes=changes, feed=feed))
