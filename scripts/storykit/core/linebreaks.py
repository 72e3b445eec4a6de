"""Where a line of text may break: between words, and between the words of languages written
without spaces (Chinese, split by jieba's dictionary, or between characters where it is missing),
never before a punctuation mark."""

from __future__ import annotations

import functools
import logging
import unicodedata
from pathlib import Path
from typing import Callable


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


@functools.cache
def word_splitter() -> Callable[[str], list[str]] | None:
    """jieba's splitter of Chinese into words, quiet (it reports its start on stderr) and with its
    dictionary cached in the project's cache rather than the system's temporary folder; None if it is
    not installed."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(Path.cwd() / ".cache" / "jieba")
    Path(jieba.dt.tmp_dir).mkdir(parents=True, exist_ok=True)
    return lambda text: list(jieba.cut(text))


def _tokens(word: str) -> list[str]:
    """A word with no spaces in it as tokens: by jieba's dictionary where it holds wide characters,
    else each wide character alone, with the runs of other characters kept whole."""
    if not any(is_wide(char) for char in word):
        return [word]
    split = word_splitter()
    if split is not None:
        return [token for token in split(word) if token]
    tokens: list[str] = []
    for char in word:
        if tokens and not is_wide(char) and not is_wide(tokens[-1][-1]) and not is_punctuation(char):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _is_opening(token: str) -> bool:
    return all(unicodedata.category(char) in ("Ps", "Pi") for char in token)


def _is_punctuation(token: str) -> bool:
    return all(is_punctuation(char) for char in token)


def _keeps_with_number(before: str, token: str) -> bool:
    """A number stays with its units (12.25亿, 16岁, 2021年7月27日): a wide word after a figure, and a
    figure after a figure's unit."""
    if before[-1:].isdigit():
        return is_wide(token[0])
    return len(before) > 1 and before[-2].isdigit() and is_wide(before[-1]) and token[:1].isdigit()


def pieces(text: str) -> list[tuple[str, str]]:
    """The units a line may break between, each with what joins it to the one before (" " or ""):
    no line starts with a closing mark or ends with an opening one, and a number keeps its units."""
    found: list[tuple[str, str]] = []
    for word in text.split():
        joiner, opening = " ", ""
        for token in _tokens(word):
            if _is_opening(token):
                opening += token
            elif _is_punctuation(token) and found and joiner == "" and not opening:
                found[-1] = (found[-1][0], found[-1][1] + token)
            elif found and joiner == "" and not opening and _keeps_with_number(found[-1][1], token):
                found[-1] = (found[-1][0], found[-1][1] + token)
            else:
                found.append((joiner, opening + token))
                joiner, opening = "", ""
        if opening:
            found.append((joiner, opening))
    return found


def width(text: str) -> int:
    """How many Latin letters' room a text takes: a wide character takes two."""
    return sum(2 if is_wide(char) else 1 for char in text)
