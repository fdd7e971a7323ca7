"""Fuzz the readers at volume with hypothesis; not part of the normal test suite.

    .venv/bin/python benchmarks/fuzz_readers.py                 # 20,000 inputs per reader
    .venv/bin/python benchmarks/fuzz_readers.py --examples 2000 --render 100 --seed 7

Four runs, each a hypothesis ``@given`` with ``max_examples`` set high, through the harnesses
of tests/fuzz_strategies.py (the property tests use the same strategies at a few hundred
examples):

- markdown: generated chapters (syntax pieces mixed with arbitrary text) → reader, resolve,
  every check;
- csv: generated CSV bytes (cells, delimiters, quotes, three encodings, stray binary) with
  no sidecar or a generated one → reader, resolve, every check;
- markdown+render, csv+render: fewer inputs (rendering costs ~0.2 s each), also through the
  HTML and DOCX renderers.

An input "fails" when anything raises other than the ProjectError the CLI turns into exit 2.
Failures are collected, not raised, so every input is tried; the script prints the count of
inputs tried, the failures grouped by exception and place (with one input each), and exits 1
if there was any. Results are recorded in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzz_strategies as fs  # noqa: E402


class Tally:
    def __init__(self) -> None:
        self.tried = 0
        self.failures: dict[tuple[str, str, int], tuple[str, str]] = {}

    def attempt(self, action: Callable[[], None], shown: object) -> None:
        self.tried += 1
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - every escape is a finding of the fuzz run
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = (type(exc).__name__, frame.filename, frame.lineno or 0)
            self.failures.setdefault(key, (repr(shown)[:400], traceback.format_exc()))


def run(name: str, examples: int, seed_value: int, strategy: st.SearchStrategy,
        action: Callable[[Path, object], None]) -> Tally:
    tally = Tally()
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def target(value) -> None:
        tally.attempt(lambda: action(work, value), value)

    started = time.perf_counter()
    target()
    elapsed = time.perf_counter() - started
    status = "ok" if not tally.failures else f"{len(tally.failures)} distinct failure(s)"
    print(f"{name:<16} {tally.tried:>7} inputs  {elapsed:7.1f} s  {status}", flush=True)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000, help="inputs per reader run")
    parser.add_argument("--render", type=int, default=300, help="inputs per render run")
    parser.add_argument("--seed", type=int, default=20241128)
    args = parser.parse_args()

    tables = st.tuples(fs.csv_texts(), st.none() | fs.sidecar_texts())
    runs = [
        ("markdown", args.examples, fs.markdown_texts(),
         lambda root, text: fs.run_markdown(root, text)),
        ("csv", args.examples, tables,
         lambda root, value: fs.run_table(root, value[0], value[1])),
        ("markdown+render", args.render, fs.markdown_texts(),
         lambda root, text: fs.run_markdown(root, text, render=True, docx=True)),
        ("csv+render", args.render, tables,
         lambda root, value: fs.run_table(root, value[0], value[1], render=True, docx=True)),
    ]
    print(f"seed {args.seed}")
    failures = 0
    total = 0
    for name, examples, strategy, action in runs:
        tally = run(name, examples, args.seed, strategy, action)
        total += tally.tried
        for (kind, filename, line), (shown, trace) in tally.failures.items():
            failures += 1
            print(f"\n--- {name}: {kind} at {filename}:{line}\ninput: {shown}\n{trace}")
    print(f"\n{total} inputs tried, {failures} distinct failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
