"""Material's pages without the indentation between their tags.

Material's templates indent their markup deeply: about a tenth of a page's bytes, half a kilobyte
gzipped, which on the pages richest in text was the difference between a first round trip of the
network (about 14 kB) and two. A run of spaces and newlines that starts with a newline becomes that
newline: wherever white space collapses (everywhere but the elements kept below), the page renders
exactly as before. Kept as they are: elements whose white space shows (<pre>, <textarea>, and
<code> and <kbd>, which Material sets in pre-wrap), scripts and styles, and SVG pictures.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"<(pre|textarea|code|kbd|script|style|svg)\b.*?</\1\s*>", re.S | re.I)
INDENT = re.compile(r"\n[ \t\r\n]+")


def without_indentation(html: str) -> str:
    parts, position = [], 0
    for kept in KEPT.finditer(html):
        parts += [INDENT.sub("\n", html[position:kept.start()]), kept.group(0)]
        position = kept.end()
    parts.append(INDENT.sub("\n", html[position:]))
    return "".join(parts)
