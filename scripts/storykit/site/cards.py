"""Social cards: one PNG per page, drawn at build time with Pillow, offline.

Material's social plugin downloads its font from Google Fonts at build time, which fails
offline; these cards use the font built into Pillow, or a font the language's catalogue names
(`cards.font`, e.g. a CJK font installed with the system), so every machine draws the same bytes.
Drawn cards are kept on disk by what they depend on, so a rebuild draws only the cards that changed.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any, Mapping

from PIL import Image, ImageDraw, ImageFont

from ..core.linebreaks import pieces

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (40, 53, 147)  # Material's indigo, darkened for white text (contrast above 10:1)
ACCENT = (255, 171, 64)
TEXT = (255, 255, 255)
MUTED = (208, 214, 255)
# A card is redrawn when its text, its font or this drawing code changes.
_DRAWING = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Card:
    site_name: str
    title: str
    description: str


class FontProblem(Exception):
    """The font a language's cards are drawn with is not on this machine."""


def _font(size: int, font: Mapping[str, Any]) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if font.get("file"):
        try:
            return ImageFont.truetype(str(font["file"]), size=size, index=int(font.get("index", 0)))
        except OSError:
            raise FontProblem(f"no font at {font['file']}") from None
    return ImageFont.load_default(size=size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    for joiner, piece in pieces(text):
        candidate = f"{lines[-1]}{joiner}{piece}" if lines else piece
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(piece)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += "…"
    return lines


def draw_card(card: Card, font: Mapping[str, Any] | None = None) -> bytes:
    font = font or {}
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    text_width = WIDTH - 2 * MARGIN
    draw.text((MARGIN, MARGIN - 10), card.site_name, font=_font(34, font), fill=MUTED)
    top = MARGIN + 70
    title_font = _font(68, font)
    for line in _wrapped(draw, card.title, title_font, text_width, 3):
        draw.text((MARGIN, top), line, font=title_font, fill=TEXT)
        top += 84
    top += 24
    body_font = _font(36, font)
    for line in _wrapped(draw, card.description, body_font, text_width, 4):
        draw.text((MARGIN, top), line, font=body_font, fill=MUTED)
        top += 50
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def card_key(card: Card, font: Mapping[str, Any] | None = None) -> str:
    """What a card's image depends on: its words, its font (the file's size and time) and this code."""
    font = dict(font or {})
    if font.get("file") and os.path.exists(font["file"]):
        found = os.stat(font["file"])
        font["file"] = f"{font['file']} {found.st_size} {int(found.st_mtime)}"
    return hashlib.sha256(repr((_DRAWING, astuple(card), sorted(font.items()))).encode("utf-8")).hexdigest()


def cached_card(card: Card, cache_dir: Path, font: Mapping[str, Any] | None = None) -> bytes:
    """The card's PNG, from the cache when an earlier build drew the same card."""
    path = cache_dir / f"{card_key(card, font)}.png"
    if path.is_file():
        return path.read_bytes()
    drawn = draw_card(card, font)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(drawn)
        os.replace(partial, path)  # atomic: builds running side by side never read half a file
    except OSError:
        partial.unlink(missing_ok=True)  # a cache that cannot be written only costs time
    return drawn
