"""Social cards: one PNG per page, drawn at build time with Pillow, offline.

Material's social plugin downloads its font from Google Fonts at build time, which fails
offline; these cards use the font built into Pillow, so every machine draws the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import astuple, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (40, 53, 147)  # Material's indigo, darkened for white text (contrast above 10:1)
ACCENT = (255, 171, 64)
TEXT = (255, 255, 255)
MUTED = (208, 214, 255)


@dataclass(frozen=True)
class Card:
    site_name: str
    title: str
    description: str

    def path(self, page_url: str) -> str:
        """Where a page's card goes in the site: assets/cards/<page>.png."""
        slug = page_url.strip("/").replace("/", "-").removesuffix(".html") or "index"
        return f"assets/cards/{slug}.png"


# A card is redrawn when its text or this drawing code changes.
_DRAWING = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def card_key(card: Card) -> str:
    """What a card's image depends on, as a key for keeping cards drawn by an earlier build."""
    return hashlib.sha256(repr((_DRAWING, astuple(card))).encode("utf-8")).hexdigest()


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int,
             max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += "…"
    return lines


def draw_card(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    text_width = WIDTH - 2 * MARGIN
    draw.text((MARGIN, MARGIN - 10), card.site_name, font=_font(34), fill=MUTED)
    top = MARGIN + 70
    title_font = _font(68)
    for line in _wrapped(draw, card.title, title_font, text_width, 3):
        draw.text((MARGIN, top), line, font=title_font, fill=TEXT)
        top += 84
    top += 24
    body_font = _font(36)
    for line in _wrapped(draw, card.description, body_font, text_width, 4):
        draw.text((MARGIN, top), line, font=body_font, fill=MUTED)
        top += 50
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
