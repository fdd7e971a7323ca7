"""The characters XML 1.0 does not allow, even escaped: one pattern for every XML writer
(the DOCX renderer drops them, JUnit output shows U+FFFD in their place)."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
