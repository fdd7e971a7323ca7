"""Language tags on words in another language (``*best practices*{lang=en}``): BCP 47, as
HTML ``lang``, PDF /Lang and Word's ``w:lang`` take them.

A tag is checked for its form (RFC 5646: a language, then optional script, region and
variants) and for its language subtag being one Babel (CLDR) knows, so a typo such as
``lang=eng`` or ``lang=english`` is reported, never written into the outputs.
"""

from __future__ import annotations

import re
from functools import lru_cache

# language (2–3 letters) [-script (4 letters)] [-region (2 letters or 3 digits)] [-variant]*
_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?"
                  r"(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*")


@lru_cache(maxsize=1)
def _known_languages() -> frozenset[str]:
    from babel import Locale

    codes = [str(code) for code in Locale("en").languages]
    return frozenset(code.lower() for code in codes if "_" not in code)


def lang_problem(tag: str) -> str:
    """What is wrong with ``tag`` as a language tag, in words; "" when it is a good one."""
    if not tag:
        return "the language is empty"
    if not _TAG.fullmatch(tag):
        return (f"'{tag}' is not a language tag: write a language code such as en, de or fr, "
                "optionally with a region (en-GB)")
    language = tag.split("-", 1)[0].lower()
    if language not in _known_languages():
        return f"'{language}' is not a known language code (ISO 639), such as en, de or fr"
    return ""


def normal_tag(tag: str) -> str:
    """The tag in its usual case: language lower, script title, region upper (en-GB)."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)
