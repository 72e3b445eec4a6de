"""How a figure reads in a language: numbers, counts, percentages, amounts, durations and dates.

Every figure on the site is written here, so prose, tooltips, tables, chart labels and downloads
show a value the same way. The words and forms come from the language's catalogue (`numbers:`,
`dates:` and `qualifiers:`); this module only does the arithmetic of rounding and scaling.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ..core.catalogue import Language
from ..data.units import Unit

# What a fact's `scale` means, whatever the language writes for it (a billion is 12.25亿 in Chinese).
SCALE_FACTORS = {"billion": Decimal(10) ** 9, "million": Decimal(10) ** 6, "thousand": Decimal(10) ** 3}


@dataclass(frozen=True)
class DisplayOptions:
    """How one mention of a fact should read (flags written in a page's marker)."""

    absolute: bool = False  # "fell 8.98%" rather than "fell −8.98%"
    short: bool = False  # dates without their year
    weekday: bool = False  # dates with their weekday
    bare: bool = False  # without the fact's qualifier ("nearly", "more than")


PLAIN = DisplayOptions()


def to_decimal(value: float | int) -> Decimal:
    # str() keeps the digits the author wrote (5.2 stays 5.2, 9.0 stays 9.0).
    return Decimal(str(value))


def rounded(number: Decimal, decimals: int | None) -> Decimal:
    if decimals is not None:
        return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return number


def grouped(number: Decimal, lang: Language) -> str:
    """Digits with the language's thousands separator and decimal mark."""
    text = f"{number:,f}"
    marks: dict[str, str | int | None] = {",": lang.say("numbers.group"), ".": lang.say("numbers.decimal")}
    return text.translate(str.maketrans(marks))


def signed(number: Decimal, text: str, options: DisplayOptions, lang: Language) -> str:
    if number < 0 and not options.absolute:
        return lang.say("numbers.minus") + text
    return text


def small_number(number: Decimal, lang: Language) -> str | None:
    """A whole number below ten in words ("six kinds"), where the language writes it so."""
    words = lang.text("numbers.small") or []
    if number == number.to_integral_value() and 0 <= number < len(words):
        return str(words[int(number)])
    return None


def count(value: float, decimals: int | None, scale: str | None, options: DisplayOptions, lang: Language) -> str:
    number = to_decimal(value)
    magnitude = abs(number)
    if scale is None and decimals is None:
        word = small_number(number, lang)
        if word is not None:
            return word
    chosen = _scale_for(magnitude, scale, lang)
    if chosen is None:
        return signed(number, grouped(rounded(magnitude, decimals), lang), options, lang)
    factor = Decimal(chosen["factor"])
    scaled = magnitude / factor
    if decimals is None:
        shown = scaled.normalize()  # division leaves trailing zeros (1.2250000): keep the digits that mean something
    else:
        # Decimals are written for the fact's own scale: a language that scales by another factor moves them.
        shift = round(math.log10(factor / SCALE_FACTORS[scale])) if scale in SCALE_FACTORS else 0
        shown = rounded(scaled, max(decimals + shift, 0))
    # A language may write a scale with at most so many decimals (Chinese financial reports: 9.89亿).
    most = chosen.get("decimals")
    if most is not None and -int(shown.as_tuple().exponent) > int(most):
        shown = rounded(shown, int(most))
    return signed(number, str(chosen["form"]).format(number=grouped(shown, lang)), options, lang)


def _scale_for(magnitude: Decimal, scale: str | None, lang: Language) -> dict[str, Any] | None:
    scales = [dict(entry) for entry in lang.text("numbers.scales")]
    if scale is None:
        return next((entry for entry in scales if entry.get("automatic", True)
                     and magnitude >= Decimal(entry["factor"])), None)
    return next((entry for entry in scales if scale in entry.get("covers", [entry["name"]])), None)


def percent(value: float, decimals: int | None, options: DisplayOptions, lang: Language) -> str:
    number = to_decimal(value)
    text = lang.say("numbers.percent", number=grouped(rounded(abs(number), decimals), lang))
    return signed(number, text, options, lang)


def amount(value: float, decimals: int | None, form: str, options: DisplayOptions, lang: Language) -> str:
    """An amount of money in the form its unit gives for the language ("€{number}"); a language that
    scales amounts as it scales counts writes a large one so (人民币50万元)."""
    number = to_decimal(value)
    scaled = _scale_for(abs(number), None, lang) if lang.text("numbers.scale_amounts") else None
    if scaled is not None:
        shown = str(scaled["form"]).format(number=grouped((abs(number) / Decimal(scaled["factor"])).normalize(), lang))
    else:
        shown = grouped(rounded(abs(number), decimals), lang)
    return signed(number, form.format(number=shown), options, lang)


def plain_number(value: float, decimals: int | None, options: DisplayOptions, lang: Language) -> str:
    number = to_decimal(value)
    return signed(number, grouped(rounded(abs(number), decimals), lang), options, lang)


def duration(value: float, decimals: int | None, span: str, lang: Language) -> str:
    number = rounded(to_decimal(value), decimals)
    words = small_number(number, lang) if lang.text("numbers.durations.small_in_words") else None
    forms = lang.text(f"numbers.durations.{span}")
    form = forms["one"] if number == 1 else forms["other"]
    return str(form).format(number=words if words is not None else grouped(number, lang))


def ratio(value: float, decimals: int | None, lang: Language) -> str:
    return lang.say("numbers.ratio", number=grouped(rounded(to_decimal(value), decimals), lang))


def date(value: dt.date, options: DisplayOptions, lang: Language) -> str:
    names = dict(day=value.day, month=lang.text("dates.months")[value.month - 1], month_number=value.month,
                 year=value.year)
    text = lang.say("dates.short" if options.short else "dates.date", **names)
    if options.weekday:
        text = lang.say("dates.with_weekday", weekday=lang.text("dates.weekdays")[value.weekday()], date=text)
    return text


def month(value: str, options: DisplayOptions, lang: Language) -> str:
    """A month written YYYY-MM, as the language names it ("July 2021", or "July")."""
    year, number = (int(part) for part in value.split("-"))
    names = dict(month=lang.text("dates.months")[number - 1], month_number=number, year=year)
    return lang.say("dates.month_short" if options.short else "dates.month", **names)


def year(value: dt.date, lang: Language) -> str:
    return lang.say("dates.year", year=value.year)


def qualified(text: str, qualifier: str, is_fall: bool, lang: Language) -> str:
    """The value with its qualifier ("more than 130 million"). A fall reads as one: "more than −10%"
    reads backwards, for the qualifier is about the size of the fall."""
    word = lang.say(f"qualifiers.words.{qualifier}")
    if is_fall:
        minus = lang.say("numbers.minus")
        key = "qualifiers.fall_at_most" if qualifier == "up to" else "qualifiers.fall"
        return lang.say(key, qualifier=word, number=text[len(minus):])
    return lang.say("qualifiers.form", qualifier=word, number=text)


# A value in its unit


def value_text(unit: Unit, value: Any, lang: Language, *, decimals: int | None = None, scale: str | None = None,
                 qualifier: str | None = None, options: DisplayOptions = PLAIN) -> str:
    """The value as it reads in prose: 1.225 billion, −8.98%, €446.00, 27 July 2021."""
    text = _written(unit, value, lang, decimals, scale, options)
    if qualifier and not options.bare:
        is_fall = unit.form == "percent" and text.startswith(lang.say("numbers.minus"))
        return qualified(text, qualifier, is_fall, lang)
    return text


def _written(unit: Unit, value: Any, lang: Language, decimals: int | None, scale: str | None,
             options: DisplayOptions) -> str:
    form = unit.form
    if form == "count":
        return count(value, decimals, scale, options, lang)
    if form == "percent":
        return percent(value, decimals, options, lang)
    if form == "money":
        places = decimals if decimals is not None else unit.decimals
        return amount(value, places, written_form(unit, lang), options, lang)
    if form == "plain":
        return plain_number(value, decimals, options, lang)
    if form in ("days", "months"):
        return duration(value, decimals, form[:-1], lang)
    if form == "ratio":
        return ratio(value, decimals, lang)
    if form == "date":
        return date(value, options, lang)
    if form == "month":
        return month(value, options, lang)
    return lang.local(value)


def written_form(unit: Unit, lang: Language) -> str:
    if lang.tag not in unit.written:
        raise KeyError(f"the unit '{unit.name}' has no form for the language {lang.tag}")
    return unit.written[lang.tag]
