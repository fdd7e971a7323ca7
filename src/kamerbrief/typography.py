"""Dutch typography for running text: curly quotes and apostrophes, en dashes in ranges.

Applied once, when the Markdown is read, to the prose a reader sees: never to code, link
addresses, image paths or the table ids and labels inside ``{{…}}`` (the reader hands those
over apart). Writers type straight quotes and hyphens; the publication printed both kinds
side by side (129 × "risico's" against 28 × "risico’s"). A project turns it off with
``typography = false`` under ``[report]``.
"""

from __future__ import annotations

import re

# risico's, OMG's, zo'n: an apostrophe between letters or digits.
_APOSTROPHE = re.compile(r"(?<=[\w\d])'(?=\w)")
# 's-Hertogenbosch, 't, 'n, '24: an elision at the start of a word.
_ELISION = re.compile(r"(?<![\w'‘’])'(?=(?:s-|s\b|t\b|n\b|\d\d\b))")
_DOUBLE_OPEN = re.compile(r'(^|[\s(\[{—–-])"(?=\S)')
_SINGLE_OPEN = re.compile(r"(^|[\s(\[{—–-])'(?=\S)")
# 2024-2028, 1-2 jaar, blz. 12-15: a range of numbers; an ISO date (2024-06-01) or a number
# of more than four digits (dossier 29911-400, phone 06-12345678) is left alone.
_RANGE = re.compile(r"(?<![\d-])(\d{1,4})-(\d{1,4})(?![\d-])")


def dutch(text: str) -> str:
    """``text`` with curly quotes (“…”, ‘…’), apostrophes (’) and en dashes in ranges."""
    if not any(char in text for char in "'\"-"):
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _ELISION.sub("’", text)
    text = _DOUBLE_OPEN.sub(r"\1“", text).replace('"', "”")
    text = _SINGLE_OPEN.sub(r"\1‘", text).replace("'", "’")
    return _RANGE.sub(r"\1–\2", text)
