"""Print pip pins of every runtime dependency at its declared floor (``name>=X`` → ``name==X``).

The floor job installs these and runs the tests that exercise each dependency, so a floor in
pyproject.toml is a version that was tested, not a guess. A dependency without a floor fails.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")


def floors(pyproject: Path) -> list[str]:
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = []
    for requirement in dependencies:
        match = REQUIREMENT.match(requirement.split(";", 1)[0])
        floor = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", match.group(2)) if match else None
        if match is None or floor is None:
            raise SystemExit(f"{requirement!r} has no '>=' floor in {pyproject}")
        pins.append(f"{match.group(1)}=={floor.group(1)}")
    return pins


if __name__ == "__main__":
    print("\n".join(floors(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pyproject.toml"))))
