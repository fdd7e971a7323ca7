"""How the PDF's running head shares its line: the chapter on the left, the report's title
on the right, each on one line where they fit.

The top margin also holds "Tabel N (vervolg)" across the text block (style.css,
@top-center, which must be as wide as the page), so the left and right boxes need widths
of their own; an even split wrapped a long chapter name onto two lines beside a short
title. The split follows the widest chapter name and the title, measured in the house font.
"""

from __future__ import annotations

from kamerbrief.model import Report
from kamerbrief.render.common import vocabulary
from kamerbrief.render.table_layout import PORTRAIT_MM, text_mm

# The running head's size (style.css @top-left, @top-right), the space kept between its two
# sides, and the narrowest share either side keeps.
RUNNING_PT = 8.0
GAP_MM = 6.0
LEAST_SHARE = 30


def left_share(report: Report) -> int:
    """The percentage of the text block's width the chapter side gets: the widest chapter
    name's, when the title still fits beside it; else what the title leaves (the chapter
    then wraps, the title does not)."""
    names = [chapter.running_header for chapter in report.chapters] + \
        [vocabulary(report).tables_list]
    left = max((text_mm(name, RUNNING_PT) for name in names), default=0.0) + GAP_MM / 2
    right = text_mm(report.config.title, RUNNING_PT) + GAP_MM / 2
    share = 100 * left / PORTRAIT_MM if left + right <= PORTRAIT_MM else \
        100 - 100 * right / PORTRAIT_MM
    return max(LEAST_SHARE, min(100 - LEAST_SHARE, round(share + 0.5)))
