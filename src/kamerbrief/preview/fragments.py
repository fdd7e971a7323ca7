"""The HTML the preview adds to the report page, or shows instead of it.

Only the preview adds these (the findings on the page, the error page, the reload script):
the published HTML of ``kamerbrief build`` stays script-free. Plain string work, no server.
"""

from __future__ import annotations

import html as html_lib

from kamerbrief.diagnostics import Diagnostic
from kamerbrief.model import Report
from kamerbrief.preview.findings import FindingNote, PreviewFindings, marker

VERSION_PATH = "/__version"

# Added to the served page only, before </body>. It asks for the page version and reloads
# when it differs from the one the page was built as; a stopped server is retried slowly.
RELOAD_SCRIPT = """<script>/* kamerbrief preview: reload when a source file is saved */
(function () {
  var version = "%s";
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (v.trim() !== version) { location.reload(); } else { setTimeout(poll, 300); }
    }).catch(function () { setTimeout(poll, 1500); });
  }
  setTimeout(poll, 300);
})();
</script>
"""


def preview_page(report: Report, findings: list[Diagnostic]) -> str:
    """The report page with its findings on it (the server adds the reload script)."""
    from kamerbrief.render.html import render_html

    view = PreviewFindings(report, findings)
    page = render_html(report, findings=view)
    missing = [n.id for n in view.notes if n not in view.panel and marker(n) not in page]
    if missing:  # a project style without the preview blocks: show those in the panel
        view = PreviewFindings(report, findings, to_panel=missing)
        page = render_html(report, findings=view)
    lost = [n for n in view.notes if marker(n) not in page]
    if lost:  # the style has no panel either: add a plain one
        page = _insert_after_body(page, _fallback_panel(lost))
    return page


def error_page(title: str, findings: list[Diagnostic], detail: str = "") -> str:
    """The page shown while the project cannot be loaded or rendered."""
    esc = html_lib.escape
    items = "".join(
        f'<li data-finding="{i}"><strong>{esc(f.code)}</strong> {esc(f.message)} '
        f'<span class="where">{esc(str(f.location))}</span>'
        + (f'<br><span class="hint">{esc(f.hint)}</span>' if f.hint else "") + "</li>"
        for i, f in enumerate(findings))
    body = (f"<h1>{esc(title)}</h1>"
            + (f'<ul class="findings">{items}</ul>' if items else "")
            + (f"<pre>{esc(detail)}</pre>" if detail else "")
            + "<p>The page reloads by itself after the next save.</p>")
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>kamerbrief preview – {esc(title)}</title>\n<style>\n"
            "body { font-family: sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }\n"
            "h1 { color: #b00; font-size: 1.4rem; }\n"
            ".findings li { margin: 0.5rem 0; } .where, .hint { color: #555; }\n"
            "pre { background: #f6f6f6; padding: 1rem; overflow: auto; font-size: 0.8rem; }\n"
            "</style>\n</head>\n<body class=\"kb-preview-error\">\n" + body + "\n</body>\n</html>\n")
    return page


def with_reload_script(page: str, version: str) -> str:
    """The page as served: the reload script added before </body>."""
    script = RELOAD_SCRIPT % (version, VERSION_PATH)
    at = page.rfind("</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


def _fallback_panel(notes: list[FindingNote]) -> str:
    esc = html_lib.escape
    items = "".join(f'<li {marker(n)}><strong>{esc(n.code)}</strong> {esc(n.message)} '
                    f'({esc(n.where)})</li>' for n in notes)
    return (f'<aside class="kb-preview-panel" style="border:2px solid #b00;padding:0.5rem 1rem;'
            f'margin:1rem 0;color:#600;background:#fff3f3"><ul>{items}</ul></aside>\n')


def _insert_after_body(page: str, fragment: str) -> str:
    start = page.find("<body")
    end = page.find(">", start) if start >= 0 else -1
    return page[:end + 1] + "\n" + fragment + page[end + 1:] if end >= 0 else fragment + page
