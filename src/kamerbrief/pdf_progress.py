"""Which page WeasyPrint is laying out, for a progress line during a long PDF build.

WeasyPrint reports its steps on the documented ``weasyprint.progress`` logger ("Step 5 -
Creating layout - Page 12"). A handler turns each page record into a call ``report(page)``;
in a render worker the call puts the number on a queue the parent reads while it waits.
Nothing here imports WeasyPrint: the logger is looked up by name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

PROGRESS_LOGGER = "weasyprint.progress"


class _PageHandler(logging.Handler):
    def __init__(self, report: Callable[[int], None]) -> None:
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if "Page" in str(record.msg) and len(args) == 1 and isinstance(args[0], int):
            try:
                self.report(args[0])
            except Exception:  # noqa: BLE001 - progress must never fail a build
                pass


@contextmanager
def page_progress(report: Callable[[int], None] | None) -> Iterator[None]:
    """While the block runs, ``report(page)`` is called as each page is laid out."""
    if report is None:
        yield
        return
    logger = logging.getLogger(PROGRESS_LOGGER)
    handler = _PageHandler(report)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
