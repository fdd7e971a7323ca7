"""`kamerbrief new DIR`: a skeleton that `check` and `build` pass straight away, with the
Makefile, pre-commit configuration and CI workflows a writer needs; and the repository's
own `.pre-commit-hooks.yaml`.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_ROOT, run_cli
from kamerbrief.scaffold import create_project, default_title, skeleton_files

SKELETON = EXAMPLE_ROOT / "src" / "kamerbrief" / "skeleton"
EXPECTED_FILES = {
    "kamerbrief.toml", "Makefile", "README.md", ".gitignore", ".pre-commit-config.yaml",
    ".gitlab-ci.yml", ".github/workflows/kamerbrief.yml",
    "chapters/01-inleiding.md", "chapters/02-financieel-overzicht.md",
    "tables/begroting.csv", "tables/begroting.toml", "woorden.txt",
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "voortgangsrapportage-2025"
    result = run_cli("new", root, "--title", "Voortgangsrapportage 2025")
    assert result.exit_code == 0, result.output
    return root


# ---------------------------------------------------------------- new → check → build


def test_new_then_check_and_build_pass(project: Path) -> None:
    assert _files(project) == EXPECTED_FILES
    check = run_cli("check", "--project", project, "--strict")
    assert check.exit_code == 0, check.output
    assert "no findings" in check.output
    build = run_cli("build", "--project", project, "--format", "html,docx")
    assert build.exit_code == 0, build.output
    stem = "voortgangsrapportage-2025"
    assert (project / "dist" / f"{stem}.html").stat().st_size > 1000
    assert (project / "dist" / f"{stem}.docx").stat().st_size > 1000
    html = (project / "dist" / f"{stem}.html").read_text(encoding="utf-8")
    assert "Voortgangsrapportage 2025" in html
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "12,4 miljoen euro begroot" in text  # {{waarde … | miljoen 1}} resolved from the table


def test_new_prints_the_next_steps(tmp_path: Path) -> None:
    result = run_cli("new", tmp_path / "rapport")
    assert result.exit_code == 0
    output = _flat(result.output)
    assert "created" in output and "kamerbrief check" in output and "kamerbrief build" in output


def test_the_ci_commands_of_the_skeleton_run(project: Path) -> None:
    """Every `kamerbrief …` command in the GitHub and GitLab workflows runs and passes on the
    new project; this is also the one PDF build of this file (pdf,docx, as CI does)."""
    workflow = yaml.safe_load((project / ".github/workflows/kamerbrief.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((project / ".gitlab-ci.yml").read_text("utf-8"))
    lines = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    lines += [line for job in gitlab.values() if isinstance(job, dict) for line in job.get("script", [])]
    commands = []
    for line in lines:
        for part in line.splitlines():
            words = shlex.split(part)
            if words[:1] == ["kamerbrief"]:
                cut = [i for i, w in enumerate(words) if w in (">", "||", "&&", "|")]
                commands.append(words[1:cut[0]] if cut else words[1:])
    assert ["check", "--format", "github"] in commands
    assert ["check", "--format", "gitlab"] in commands
    assert ["build", "--format", "pdf,docx"] in commands
    for args in commands:
        result = run_cli(*args, "--project", project)
        assert result.exit_code == 0, (args, result.output)
    pdf = project / "dist" / "voortgangsrapportage-2025.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_make_check_runs_kamerbrief(project: Path) -> None:
    make = shutil.which("make")
    script = Path(sys.executable).parent / "kamerbrief"
    if make is None or not script.exists():
        pytest.skip("needs make and the kamerbrief console script")
    process = subprocess.run([make, "-C", str(project), "check", f"KAMERBRIEF={script}"],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stdout + process.stderr
    assert "no findings" in process.stdout
    # And it fails when the report is wrong.
    csv = project / "tables" / "begroting.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(";TOTAAL;12.400;", ";TOTAAL;12.500;"),
                   encoding="utf-8")
    broken = subprocess.run([make, "-C", str(project), "check", f"KAMERBRIEF={script}"],
                            capture_output=True, text=True, timeout=120)
    assert broken.returncode != 0 and "KB102" in broken.stdout


# ---------------------------------------------------------------- refusing


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "bestaand"
    folder.mkdir()
    (folder / "notities.txt").write_text("van mij", encoding="utf-8")
    result = run_cli("new", folder)
    assert result.exit_code == 2
    assert "already exists and is not empty" in _flat(result.output)
    assert "Traceback" not in result.output
    assert _files(folder) == {"notities.txt"}
    assert (folder / "notities.txt").read_text(encoding="utf-8") == "van mij"


def test_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "rapport"
    target.write_text("x", encoding="utf-8")
    result = run_cli("new", target)
    assert result.exit_code == 2 and "is a file, not a folder" in _flat(result.output)


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "leeg"
    folder.mkdir()
    assert run_cli("new", folder).exit_code == 0
    assert _files(folder) == EXPECTED_FILES


def test_unwritable_place_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "blok"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("new", blocker / "rapport")  # parent is a file
    assert result.exit_code == 2 and "Traceback" not in result.output


# ---------------------------------------------------------------- contents


def test_title_is_written_as_valid_toml(tmp_path: Path) -> None:
    title = 'Rapport "Ondermijning" \\ 2025'
    root = tmp_path / "r"
    create_project(root, title)
    config = tomllib.loads((root / "kamerbrief.toml").read_text(encoding="utf-8"))
    assert config["report"]["title"] == title
    assert (root / "README.md").read_text(encoding="utf-8").startswith(f"# {title}\n")
    assert run_cli("check", "--project", root).exit_code == 0


def test_default_title_comes_from_the_folder_name(tmp_path: Path) -> None:
    assert default_title(tmp_path / "voortgangsrapportage-2025") == "Voortgangsrapportage 2025"
    root = tmp_path / "jaarverslag_ondermijning"
    create_project(root)
    config = tomllib.loads((root / "kamerbrief.toml").read_text(encoding="utf-8"))
    assert config["report"]["title"] == "Jaarverslag ondermijning"


def test_chapters_show_the_syntax_a_writer_needs(project: Path) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((project / "chapters").iterdir()))
    assert re.search(r"\[\^\w+\][^:]", text) and re.search(r"^\[\^\w+\]:", text, re.M)  # footnote
    assert "::: praktijkverhaal" in text
    assert "[tabel](#begroting)" in text
    assert "{{waarde begroting |" in text
    assert "{{tabel begroting}}" in text


def test_table_has_groups_subtotals_total_and_a_rule(project: Path) -> None:
    rows = [line.split(";") for line in
            (project / "tables/begroting.csv").read_text(encoding="utf-8").splitlines()]
    labels = [row[1] for row in rows]
    assert labels.count("SUBTOTAAL") >= 2 and labels[-1] == "TOTAAL"
    assert sum(1 for row in rows[1:] if row[0]) >= 2  # group labels written once
    sidecar = tomllib.loads((project / "tables/begroting.toml").read_text(encoding="utf-8"))
    assert sidecar["caption"] and sidecar["unit"] and sidecar["source"]
    assert sidecar.get("formulas") or sidecar.get("equals")


def test_makefile_has_check_and_build_targets(project: Path) -> None:
    text = (project / "Makefile").read_text(encoding="utf-8")
    for target in ("check", "build"):
        assert re.search(rf"^{target}:.*\n\t\$\(KAMERBRIEF\) {target}\b", text, re.M), target


def test_ci_files_check_and_keep_pdf_and_docx(project: Path) -> None:
    workflow = yaml.safe_load((project / ".github/workflows/kamerbrief.yml").read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "kamerbrief check --format github" in runs and "--format pdf,docx" in runs
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"].startswith("dist")
    assert True in workflow or "on" in workflow  # YAML 1.1 reads the key 'on' as True

    gitlab = yaml.safe_load((project / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any("--format gitlab > gl-code-quality-report.json" in line
               for line in gitlab["check"]["script"])
    assert "dist/" in gitlab["build"]["artifacts"]["paths"]
    assert any("--format pdf,docx" in line for line in gitlab["build"]["script"])

    precommit = yaml.safe_load((project / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = [hook for repo in precommit["repos"] for hook in repo["hooks"]]
    assert [hook["id"] for hook in hooks] == ["kamerbrief-check"]
    assert hooks[0]["entry"] == "kamerbrief check" and hooks[0]["pass_filenames"] is False
    _files_pattern_matches(hooks[0]["files"], nested=False)


# ---------------------------------------------------------------- the repository's hook


def _files_pattern_matches(pattern: str, nested: bool) -> None:
    regex = re.compile(pattern)
    for path in ("chapters/01-inleiding.md", "tables/begroting.csv", "tables/begroting.toml",
                 "kamerbrief.toml"):
        assert regex.search(path), path
        if nested:
            assert regex.search(f"rapport/{path}"), path
    for path in ("README.md", "src/kamerbrief/cli.py", "kamerbrief.toml.bak", "dist/x.pdf"):
        assert not regex.search(path), path


def test_pre_commit_hooks_manifest() -> None:
    hooks = yaml.safe_load((EXAMPLE_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "kamerbrief-check" and hook["name"]
    assert hook["entry"] == "kamerbrief check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    _files_pattern_matches(hook["files"], nested=True)


# ---------------------------------------------------------------- packaging


def test_skeleton_resources_are_all_the_skeleton_files() -> None:
    assert {rel for rel, _ in skeleton_files()} == EXPECTED_FILES
    assert _files(SKELETON) == EXPECTED_FILES


def test_package_data_globs_install_every_skeleton_file() -> None:
    """setuptools' own glob (which skips dotfiles unless a pattern names them) over the
    package-data patterns in pyproject.toml finds every skeleton file, so a non-editable
    install ships them all."""
    sglob = pytest.importorskip("setuptools.glob")
    pyproject = tomllib.loads((EXAMPLE_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["kamerbrief"]
    package = EXAMPLE_ROOT / "src" / "kamerbrief"
    found = set()
    for pattern in patterns:
        for name in sglob.glob(str(package / pattern), recursive=True):
            path = Path(name)
            if path.is_file() and path.is_relative_to(SKELETON):
                found.add(path.relative_to(SKELETON).as_posix())
    assert found == EXPECTED_FILES
