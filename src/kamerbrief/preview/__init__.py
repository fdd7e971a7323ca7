"""``kamerbrief preview``: the HTML report in a local browser, rebuilt on every save.

The page is built in memory (``render_html``) and served on 127.0.0.1 by the standard
library's HTTP server. watchfiles watches the chapters, the tables, ``kamerbrief.toml`` and
the style folder; each save rebuilds the page, and a small script that only the preview
adds polls ``/__version`` and reloads the browser when the page changed. The published HTML
(``kamerbrief build``) stays script-free.

Check findings are shown where they are: a note above the table with the row and cell
outlined, a note before the paragraph at the finding's source line, and a panel at the top
for findings with no place on the page. A project that cannot be loaded shows an error page
until the next good save.

One job per module: ``findings`` (where each finding goes), ``fragments`` (the HTML the
preview adds), ``server`` (the page kept current, served over HTTP), ``watch`` (the file
watcher). Printing, opening a browser and Ctrl-C are the command line's (``kamerbrief.cli``).
Nothing here is imported by ``kamerbrief check``.
"""

from kamerbrief.preview.findings import FindingNote, PreviewFindings, summary
from kamerbrief.preview.fragments import (
    RELOAD_SCRIPT,
    VERSION_PATH,
    error_page,
    preview_page,
    with_reload_script,
)
from kamerbrief.preview.server import PreviewError, PreviewServer
from kamerbrief.preview.watch import SourceWatcher

__all__ = [
    "RELOAD_SCRIPT",
    "VERSION_PATH",
    "FindingNote",
    "PreviewError",
    "PreviewFindings",
    "PreviewServer",
    "SourceWatcher",
    "error_page",
    "preview_page",
    "summary",
    "with_reload_script",
]
