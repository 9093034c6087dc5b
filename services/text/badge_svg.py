"""Shields-style flat badges (`label | message`) as SVG text, pure: the look README readers
know from shields.io, drawn here so a badge needs no other host. The text is measured with a
small width table of Verdana at 11 px (what shields measures with), so the boxes fit the words
without a font on the server."""

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

HEIGHT = 20
PADDING = 10  # 5 px either side of each half's text
# Verdana 11 px advance widths in px, as shields' table has them (rounded to a tenth).
_WIDTHS = {
    **dict.fromkeys("0123456789", 7.0),
    " ": 3.9, "%": 12.0, ".": 3.9, ",": 3.9, ":": 4.6, "-": 4.7, "_": 7.0, "|": 4.9,
    "(": 4.5, ")": 4.5, "/": 4.9, "!": 4.6, "?": 6.0,
    "a": 6.7, "b": 6.9, "c": 5.8, "d": 6.9, "e": 6.6, "f": 3.9, "g": 6.9, "h": 7.0, "i": 3.0,
    "j": 3.8, "k": 6.5, "l": 3.0, "m": 10.7, "n": 7.0, "o": 6.7, "p": 6.9, "q": 6.9, "r": 4.7,
    "s": 5.7, "t": 4.3, "u": 7.0, "v": 6.5, "w": 8.9, "x": 6.5, "y": 6.5, "z": 5.8,
    "A": 7.5, "B": 7.5, "C": 7.7, "D": 8.5, "E": 7.0, "F": 6.3, "G": 8.5, "H": 8.3, "I": 4.6,
    "J": 5.0, "K": 7.6, "L": 6.1, "M": 9.3, "N": 8.2, "O": 8.7, "P": 6.6, "Q": 8.7, "R": 7.7,
    "S": 7.5, "T": 6.8, "U": 8.1, "V": 7.5, "W": 10.9, "X": 7.5, "Y": 6.8, "Z": 7.5,
}  # fmt: skip
_UNKNOWN_WIDTH = 7.5  # any other character: about a capital's width, so it never overflows


def text_width(text: str) -> float:
    """The width of `text` in Verdana 11 px, in px."""
    return sum(_WIDTHS.get(char, _UNKNOWN_WIDTH) for char in text)


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    color: str  # a CSS colour: "#4c1"


def badge_svg(badge: Badge) -> str:
    """The badge as a flat shields-style SVG. Both texts are XML-escaped; the colour is ours."""
    left = round(text_width(badge.label)) + PADDING
    right = round(text_width(badge.message)) + PADDING
    width = left + right
    title = escape(f"{badge.label}: {badge.message}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" role="img"'
        f" aria-label={quoteattr(f'{badge.label}: {badge.message}')}><title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb"'
        ' stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="{HEIGHT}" rx="3" fill="#fff"/>'
        '</clipPath><g clip-path="url(#r)">'
        f'<rect width="{left}" height="{HEIGHT}" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill={quoteattr(badge.color)}/>'
        f'<rect width="{width}" height="{HEIGHT}" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle"'
        ' font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f"{_text(left / 2, badge.label)}{_text(left + right / 2, badge.message)}</g></svg>"
    )


def _text(x: float, text: str) -> str:
    shown = escape(text)
    return (
        f'<text x="{x:g}" y="15" fill="#010101" fill-opacity=".3">{shown}</text>'
        f'<text x="{x:g}" y="14">{shown}</text>'
    )
