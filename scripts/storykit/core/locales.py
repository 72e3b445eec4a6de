"""What well-kept sources already know about a language, so that no catalogue types it by hand.

- CLDR (through Babel): the names of languages, month and weekday names, how a date, a percentage, a
  large count and an "or" list are written, the decimal and grouping marks.
- Material for MkDocs: its interface in the languages it ships (`theme.language`), and the search
  language its lunr bundle knows.
- plotly.js: its locale files, for the month names and separators of a live chart and its picture (where
  a story has them; else a locale made from CLDR's names).

A language is named by a BCP 47 tag (en, zh-Hans, de, pt-BR). A catalogue of words
(`storykit/words/<tag>.yaml`, or the story's own) may still give any of these where a story wants
another form; what it does not give comes from here.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import get_day_names, get_month_names, parse_pattern

from .errors import StoryError

# CLDR's date fields, as a catalogue's date forms name them.
DATE_FIELDS = {"y": "{year}", "yyyy": "{year}", "M": "{month_number}", "MM": "{month_number}", "MMM": "{month}",
               "MMMM": "{month}", "L": "{month_number}", "LL": "{month_number}", "LLL": "{month}", "LLLL": "{month}",
               "d": "{day}", "dd": "{day}", "E": "{weekday}", "EEE": "{weekday}", "EEEE": "{weekday}",
               "c": "{weekday}", "ccc": "{weekday}", "cccc": "{weekday}"}
# ... and as plotly.js's d3 date formats name them (for chart axes and hover texts).
D3_FIELDS = {"y": "%Y", "yyyy": "%Y", "M": "%-m", "MM": "%m", "MMM": "%b", "MMMM": "%B", "L": "%-m", "LL": "%m",
             "LLL": "%b", "LLLL": "%B", "d": "%-d", "dd": "%d", "E": "%a", "EEE": "%a", "EEEE": "%A"}
DATA_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9}  # the scales a fact may name


@functools.cache
def cldr_locale(tag: str) -> Locale:
    """The CLDR locale of a BCP 47 tag (zh-Hans, pt-BR), or a StoryError saying that CLDR does not know it."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise StoryError(f"CLDR knows no language '{tag}'; expected a BCP 47 tag such as en, de, fr, pt-BR or "
                         "zh-Hans") from None


def maximized(tag: str) -> tuple[str, str, str]:
    """(language, script, territory) with what the tag leaves out filled in by CLDR's likely subtags."""
    locale = cldr_locale(tag)
    likely = get_global("likely_subtags")
    found = None
    for key in (f"{locale.language}_{locale.script}" if locale.script else "",
                f"{locale.language}_{locale.territory}" if locale.territory else "", locale.language):
        if key and key in likely:
            found = Locale.parse(likely[key])
            break
    script = locale.script or (found.script if found else "") or ""
    territory = locale.territory or (found.territory if found else "") or ""
    return locale.language, script, territory


def uses_latin_script(tag: str) -> bool:
    return maximized(tag)[1] in ("Latn", "")


def candidates(tag: str) -> list[str]:
    """The names a resource for `tag` may have, most specific first: zh-Hans, zh-CN, zh."""
    language, script, territory = maximized(tag)
    names = [tag, f"{language}-{script}", f"{language}-{territory}", language]
    return list(dict.fromkeys(name for name in names if not name.endswith("-")))


# Material for MkDocs


def material_templates() -> Path:
    return Path(str(resources.files("material") / "templates"))


def material_language(tag: str) -> str:
    """Material's name for the language of its interface closest to `tag` (zh-Hans: zh; pt-BR: pt-BR);
    English where it has none."""
    shipped = {path.stem.lower(): path.stem for path in (material_templates() / "partials" / "languages").glob("*.html")}
    return next((shipped[name.lower()] for name in candidates(tag) if name.lower() in shipped), "en")


def search_language(tag: str) -> str | None:
    """The language Material's search (lunr) stems and splits `tag` in, if it has one."""
    language = maximized(tag)[0]
    lunr = material_templates() / "assets" / "javascripts" / "lunr" / "min"
    return language if language == "en" or (lunr / f"lunr.{language}.min.js").is_file() else None


# plotly.js


def plotly_locale(tag: str, folder: Path | None) -> str | None:
    """plotly.js's locale for `tag`, as a script that registers it and makes it the default: plotly.js's own
    locale file from `folder` (its `plotly-locale-<name>.js` files) where there is one, else one made from
    CLDR (month and weekday names, decimal and grouping marks); None for English, which plotly.js knows."""
    if maximized(tag)[0] == "en":
        return None
    for name in candidates(tag):
        path = folder / f"plotly-locale-{name.lower()}.js" if folder is not None else None
        if path is not None and path.is_file():
            text = path.read_text(encoding="utf-8")
            registered = re.search(r'name:\s*"([^"]+)"', text)
            return text + f"\nPlotly.setPlotConfig({{locale:{json.dumps(registered.group(1) if registered else name)}}});\n"
    locale = cldr_locale(tag)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    made = {"moduleType": "locale", "name": tag, "dictionary": {}, "format": {
        "months": list(get_month_names("wide", "stand-alone", locale).values()),
        "shortMonths": list(get_month_names("abbreviated", "stand-alone", locale).values()),
        "days": [get_day_names("wide", "stand-alone", locale)[(day + 6) % 7] for day in range(7)],  # Sunday first
        "shortDays": [get_day_names("abbreviated", "stand-alone", locale)[(day + 6) % 7] for day in range(7)],
        "decimal": symbols["decimal"], "thousands": symbols["group"]}}
    return (f"Plotly.register({json.dumps(made, ensure_ascii=False)});\n"
            f"Plotly.setPlotConfig({{locale:{json.dumps(tag)}}});\n")


# CLDR


def language_name(tag: str, in_language: str) -> str:
    """A language's name, as the language `in_language` writes it (zh-Hant in English: Chinese (Traditional))."""
    name = cldr_locale(tag).get_display_name(cldr_locale(in_language))
    return name or tag


def own_name(tag: str) -> str:
    """A language's name in itself, as a menu shows it (Deutsch, Français, 中文 (简体))."""
    name = language_name(tag, tag)
    return name[:1].upper() + name[1:]


def cldr_words(tag: str, locale_name: str = "") -> dict[str, Any]:
    """The part of a language's catalogue that CLDR knows, in the catalogue's own shape (`numbers`, `dates`,
    `lists.or`); `locale_name` is the CLDR locale to take it from, when it is not the tag's (en_GB for en)."""
    locale = Locale.parse(locale_name) if locale_name else cldr_locale(tag)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    percent = re.sub(r"[#0,.]+", "{number}", locale.percent_formats[None].pattern.split(";")[0])
    patterns = locale.datetime_skeletons
    long = _form(locale.date_formats["long"].pattern)
    full = _form(locale.date_formats["full"].pattern)
    words: dict[str, Any] = {
        "og_locale": f"{maximized(tag)[0]}_{maximized(tag)[2]}" if not locale_name
        else locale_name,
        "numbers": {"decimal": symbols["decimal"], "group": symbols["group"], "minus": symbols["minusSign"],
                    "percent": percent, "scales": _scales(locale), "small": [],
                    "figure_words": [], "not_figures": [], "counters": [], "numerals": [],
                    "durations": {"small_in_words": False, "day": _duration(locale, "duration-day"),
                                  "month": _duration(locale, "duration-month")}},
        "dates": {
            "months": list(get_month_names("wide", "format", locale).values()),
            "weekdays": [get_day_names("wide", "format", locale)[day] for day in range(7)],
            "date": long,
            "short": _form(patterns["MMMMd"].pattern),
            "with_weekday": full.replace(long, "{date}") if long in full else "{weekday} {date}",
            "month": _form(patterns["yMMMM"].pattern),
            "month_short": _form(patterns["MMMM"].pattern if "MMMM" in patterns else "LLLL"),
            "year": _form(patterns["y"].pattern),
        },
        "chart": {"date_formats": {"tick": _d3(patterns["MMMd"].pattern), "hover": _d3(patterns["yMMMMd"].pattern)}},
    }
    ors = locale.list_patterns.get("or")
    if ors:
        words["lists"] = {"or": {"between": ors["middle"].replace("{0}", "").replace("{1}", ""),
                                 "last": ors["end"].replace("{0}", "").replace("{1}", "")}}
    return words


def _form(pattern: str) -> str:
    """A CLDR date pattern ("d. MMMM y") as a catalogue's date form ("{day}. {month} {year}")."""
    return re.sub(r"%\((\w+)\)s", lambda match: DATE_FIELDS.get(match.group(1), ""),
                  _literal(pattern)).replace("%%", "%")


def _duration(locale: Locale, unit: str) -> dict[str, str]:
    """How many days or months read ("{number} Tage"), in the singular and otherwise."""
    forms = locale._data["unit_patterns"][unit]["long"]  # Babel's own reading of CLDR's unit patterns
    other = str(forms["other"]).replace("{0}", "{number}")
    return {"one": str(forms.get("one", forms["other"])).replace("{0}", "{number}"), "other": other}


def _d3(pattern: str) -> str:
    """A CLDR date pattern ("d. MMM") as a d3 date format, which plotly.js reads ("%-d. %b")."""
    return re.sub(r"%\((\w+)\)s", lambda match: D3_FIELDS.get(match.group(1), ""), _literal(pattern))


def _literal(pattern: str) -> str:
    return str(parse_pattern(pattern).format).replace("{", "{{").replace("}", "}}")


def _scales(locale: Locale) -> list[dict[str, Any]]:
    """Large counts as the language words them (billion, Milliarden, 亿), largest first: CLDR's long compact
    forms at each power of ten that starts a new word."""
    forms = locale.compact_decimal_formats.get("long", {}).get("other", {})
    scales = []
    for factor_text, pattern in forms.items():
        text = pattern.pattern
        if not text.startswith("0") or text.startswith("00") or not text.strip("0 "):
            continue  # "0 Tausend" starts a word; "00 Tausend" and "000 Tausend" repeat it
        factor = int(factor_text)
        word = text.lstrip("0")
        scales.append({"name": word.strip(), "factor": factor, "form": "{number}" + word,
                       "covers": [name for name, size in DATA_SCALES.items() if size == factor],
                       "automatic": factor >= 10_000})
    scales.sort(key=lambda scale: -scale["factor"])
    for name, size in DATA_SCALES.items():  # a scale the language has no word for is written in the next one down
        if not any(name in scale["covers"] for scale in scales):
            below = next((scale for scale in scales if scale["factor"] <= size), None)
            if below is not None:
                below["covers"].append(name)
    return scales
