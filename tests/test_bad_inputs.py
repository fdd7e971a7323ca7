"""The bad-input corpus: every broken project gets a precise finding and a non-zero exit.

Each folder in ``tests/bad_inputs/`` (except ``_base``) is one case: the files that differ
from ``_base/`` (a tiny valid project) plus a ``case.toml``::

    command = "check"            # or "build" (default --format html)
    args = []                    # extra arguments for the command
    exit = 1                     # expected exit code
    code = "KB112"               # the finding that must be printed ("" for a build failure)
    message = "row has 5 cells"  # a fragment of its message
    hint = "did you mean"        # optional: a fragment of its hint (the "→" line)
    file = "tables/besteding.csv"
    line = 3                     # the line it must name (0: the finding names no line)
    remove = ["tables/besteding.toml"]        # base files the case deletes
    folders = ["dist/proef.html"]             # empty folders the runner makes (git keeps none)
    [symlinks]                                # links the runner makes (not stored in git)
    "tables/wachtwoorden.csv" = "/etc/passwd"
    [generate]                                # large files, made on the fly
    "tables/groot.csv" = { header = "Post;Plan\\n", line = "A;1\\n", megabytes = 30 }
    [expect]                                  # for builds that must succeed
    html_contains = ["&lt;script&gt;"]
    html_absent = ["<script"]
    docx_opens = true

The runner copies ``_base``, lays the case over it in a temporary folder, and runs the real
``kamerbrief`` console script there in a subprocess (several at once). It checks the exit
code, that the finding is printed with its file, line, message fragment and a hint ("→"),
that no traceback appears, and that a failed run leaves dist/ as it was and no temp files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import copy_project

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
BASE = CORPUS / "_base"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
KAMERBRIEF = Path(sys.executable).parent / "kamerbrief"  # the console script; no __main__
CASE_KEYS = {"description", "command", "args", "exit", "code", "message", "hint", "file",
             "line", "remove", "folders", "symlinks", "generate", "expect"}
_FINDING = re.compile(r"^\s+(\d+|-)\s+(error|warning)\s+(KB\d{3})\b(.*)$")


@dataclass
class Printed:
    """One finding as ``print_findings`` shows it."""

    file: str
    line: int
    code: str
    text: str
    hints: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    root: Path
    spec: dict
    returncode: int
    stdout: str
    stderr: str
    before: dict[str, bytes | None]  # dist/ before the run: file → bytes, folder → None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def findings(self) -> list[Printed]:
        found: list[Printed] = []
        current = ""
        for text in self.output.splitlines():
            match = _FINDING.match(text)
            if match:
                line = 0 if match.group(1) == "-" else int(match.group(1))
                found.append(Printed(current, line, match.group(3), match.group(4)))
            elif text.strip().startswith("→") and found:
                found[-1].hints.append(text.strip()[1:].strip())
            elif text and not text[0].isspace():
                current = text.strip()
        return found


def load_spec(name: str) -> dict:
    with (CORPUS / name / "case.toml").open("rb") as handle:
        return tomllib.load(handle)


def prepare(name: str, dest: Path) -> Path:
    """_base, then the case's own files over it, then removals, links and generated files."""
    spec = load_spec(name)
    root = dest / name
    copy_project(BASE, root)
    copy_project(CORPUS / name, root, skip=("case.toml",))
    for rel in spec.get("remove", []):
        target = root / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for rel in spec.get("folders", []):
        (root / rel).mkdir(parents=True, exist_ok=True)
    for rel, target in spec.get("symlinks", {}).items():
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        link.symlink_to(target)
    for rel, gen in spec.get("generate", {}).items():
        line = gen["line"].encode("utf-8")
        count = gen["megabytes"] * 1024 * 1024 // len(line) + 1
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.write(gen.get("header", "").encode("utf-8"))
            handle.write(line * count)
    return root


def snapshot(folder: Path) -> dict[str, bytes | None]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in folder.rglob("*")}


def run_case(name: str, dest: Path) -> Outcome:
    spec = load_spec(name)
    root = prepare(name, dest)
    before = snapshot(root / "dist")
    args = list(spec.get("args", []))
    if spec["command"] == "build" and "--format" not in args:
        args += ["--format", "html"]
    env = {**os.environ, "COLUMNS": "1000", "NO_COLOR": "1", "TERM": "dumb"}
    result = subprocess.run([str(KAMERBRIEF), spec["command"], *args], cwd=root, env=env,
                            capture_output=True, text=True, timeout=120)
    return Outcome(root, spec, result.returncode, result.stdout, result.stderr, before)


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, Outcome]:
    """Run the selected cases in parallel subprocesses, once per test session (a parallel
    run gives this module to one worker: conftest.WORKER_GROUPS)."""
    wanted = sorted({item.callspec.params["case"] for item in request.session.items
                     if getattr(item, "originalname", "") == "test_bad_input"})
    dest = tmp_path_factory.mktemp("bad_inputs")
    workers = max(2, min(8, 2 * (os.cpu_count() or 1)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(wanted, pool.map(lambda n: run_case(n, dest), wanted), strict=True))


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case]
    spec = outcome.spec
    shown = f"exit {outcome.returncode}\n--- stdout\n{outcome.stdout}\n--- stderr\n{outcome.stderr}"
    assert "Traceback" not in outcome.stdout and "Traceback" not in outcome.stderr, shown
    assert outcome.returncode == spec["exit"], shown
    if spec.get("code"):
        printed = outcome.findings()
        matching = [p for p in printed if p.code == spec["code"] and p.file == spec["file"]
                    and p.line == spec["line"] and spec["message"] in p.text]
        assert matching, f"no {spec['code']} at {spec['file']}:{spec['line']} " \
                         f"with {spec['message']!r}\n{shown}"
        assert all(p.hints for p in matching), f"finding without a hint (→ how to fix)\n{shown}"
        if spec.get("hint"):
            assert any(spec["hint"] in " ".join(p.hints) for p in matching), shown
    else:
        assert _flat(spec["message"]) in _flat(outcome.output), shown
        if spec.get("file"):
            assert _flat(spec["file"]) in _flat(outcome.output), shown
    leftovers = [p for p in outcome.root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == [], leftovers
    dist = outcome.root / "dist"
    if spec["exit"] != 0:
        assert snapshot(dist) == outcome.before, "a failed run changed or left output in dist/"
    expect = spec.get("expect", {})
    if expect:
        html = (dist / "proef.html").read_text(encoding="utf-8")
        for fragment in expect.get("html_contains", []):
            assert fragment in html, fragment
        for fragment in expect.get("html_absent", []):
            assert fragment not in html, fragment
        if expect.get("docx_opens"):
            import docx

            document = docx.Document(str(dist / "proef.docx"))
            assert document.paragraphs, "the DOCX has no paragraphs"


def test_corpus_is_large_and_well_formed() -> None:
    assert len(CASES) >= 40, len(CASES)
    for name in CASES:
        spec = load_spec(name)
        assert set(spec) <= CASE_KEYS, (name, set(spec) - CASE_KEYS)
        assert spec["command"] in ("check", "build"), name
        assert isinstance(spec["exit"], int) and spec.get("message"), name
        if spec.get("code"):
            assert re.fullmatch(r"KB\d{3}", spec["code"]) and "file" in spec and "line" in spec, name
        assert spec["exit"] != 0 or spec.get("expect"), f"{name}: a clean exit must check the output"


def test_base_project_is_clean(tmp_path: Path) -> None:
    result = subprocess.run([str(KAMERBRIEF), "check"], cwd=BASE, capture_output=True, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no findings" in result.stdout


def test_every_case_family_is_documented() -> None:
    docs = (CORPUS.parent.parent / "docs" / "reliability.md").read_text(encoding="utf-8")
    families = {name.split("-")[0] for name in CASES}
    assert {f for f in families if f"`{f}-`" not in docs} == set()
