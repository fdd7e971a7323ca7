"""The spelling check (KB730, KB731): the OpenTaal dictionary through Hunspell, the project's
word list, what is skipped, ``check --add-words``, and the cache that keeps it fast.

The engine is a dependency (pyproject.toml): it is imported here at the top, so a machine
without it fails these tests instead of skipping them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import hunspell  # noqa: F401 - chunspell: fail, never skip, where the engine is missing
import pytest

import kamerbrief.speller as speller_module
from conftest import check, only, run_cli
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.project import load_report
from kamerbrief.speller import CACHE_DIR, DICTIONARIES, Speller, dictionary_for
from kamerbrief.wordlist import WordList, add_words, read_word_list

CHAPTER = "chapters/01-hoofdstuk.md"
MakeProject = Callable[..., Path]


def _spelling(findings: list[Diagnostic]) -> list[Diagnostic]:
    return [f for f in findings if f.code in ("KB730", "KB731")]


def _words(findings: list[Diagnostic]) -> list[str]:
    return sorted(f.extra["word"] for f in findings if f.code == "KB730")


def _unknown_to_the_dictionary(*words: str) -> None:
    """The words the test hides are ones the dictionary does not know, so the test fails if
    the rule that hides them goes."""
    assert Speller("nl_NL").known(words) == set(), words


def _chapter(make_project: MakeProject, text: str, **kwargs) -> Path:
    return make_project(chapters={"01-hoofdstuk.md": f"# Hoofdstuk\n\n{text}\n"},
                        spelling=True, **kwargs)


# ---------------------------------------------------------------- what is found


def test_misspelling_found_at_its_line_with_suggestions(make_project: MakeProject) -> None:
    root = _chapter(make_project, "De lijst is er.\n\nDe eerste\nverbodsjijst precursoren.")
    [finding] = _spelling(check(root))
    assert (finding.code, finding.severity) == ("KB730", Severity.WARNING)
    assert (finding.location.path, finding.location.line) == (CHAPTER, 6)
    assert finding.extra == {"word": "verbodsjijst"}
    assert "'verbodsjijst'" in finding.message
    assert "'verbodslijst'" in finding.hint and "add it to woorden.txt" in finding.hint


def test_one_finding_per_word_per_line(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst en nog een verbodsjijst.\n\nDe verbodsjijst.")
    findings = only(check(root), "KB730")
    assert [(f.location.line, f.extra["word"]) for f in findings] == [
        (3, "verbodsjijst"), (5, "verbodsjijst")]


def test_headings_lists_boxes_quotes_and_footnotes_are_read(make_project: MakeProject) -> None:
    text = ("## Kopjesfoutt\n\n- Een lijstfoutt\n\n::: kader Kaderfoutt\nTekstfoutt.\n:::\n\n"
            "Met een noot.[^1]\n\n[^1]: Nootfoutt.")
    words = _words(check(_chapter(make_project, text)))
    assert words == ["Kaderfoutt", "Kopjesfoutt", "Nootfoutt", "Tekstfoutt", "lijstfoutt"]


def test_table_texts_are_read_at_their_row_column_and_line(make_project: MakeProject) -> None:
    root = make_project(
        spelling=True, chapters={"01-hoofdstuk.md": "# Hoofdstuk\n\n{{tabel t}}\n"},
        tables={"t.csv": "Hoofdlijn;Deelpsot;2023\nBestrafen;Berechting;1\n;Versterking "
                         "ondernijning;2\n;TOTAAL;3\n",
                "t.toml": 'caption = "Overzicht besteding"\nunit = "in 1.000 euro"\n'
                          'source = "Minesterie"\nlabels = 2\n\n[notes]\n"*" = "Dit is '
                          'opeend."\n'})
    places = {(f.extra["word"], f.location.path, f.location.line, f.location.row,
               f.location.column) for f in only(check(root), "KB730")}
    assert places == {
        ("Bestrafen", "tables/t.csv", 2, "Berechting", "Hoofdlijn"),
        ("ondernijning", "tables/t.csv", 3, "Versterking ondernijning", "Deelpsot"),
        ("Deelpsot", "tables/t.csv", 1, "", "Deelpsot"),
        ("Minesterie", "tables/t.toml", 3, "", ""),
        ("opeend", "tables/t.toml", 7, "", ""),
    }


def test_correct_dutch_passes(make_project: MakeProject) -> None:
    """Compounds, cut-off compounds, apostrophe plurals with curly and straight apostrophes,
    hyphenated words, abbreviations with their full stop, "Eén" at a sentence start."""
    text = ("Terrorismefinanciering, douanediensten en de strafrechtketen: ondermijningsgelden "
            "voor jeugdcriminaliteit en drugspreventiebeleid. De Zorg- en Veiligheidshuizen "
            "kennen risico’s en risico's, o.a. bij e-mail en bijv. de anti-maffia-aanpak. "
            "Eén van de signalerings- en doorverwijsfuncties is de meldingsbereidheids-campagne "
            "in ’s-Hertogenbosch, met de RIEC-samenwerking. Het is ‘opgeteld’.")
    assert _spelling(check(_chapter(make_project, text))) == []


# ---------------------------------------------------------------- what is skipped


@pytest.mark.parametrize(("text", "hidden"), [
    ("Zie `verbodsjijst` in de code.", "verbodsjijst"),
    ("Zie https://example.org/verbodsjijst en www.verbodsjijst.nl/pagina.", "verbodsjijst"),
    ("Zie verbodsjijst.nl en verbodsjijst.nl/pagina.", "verbodsjijst"),
    ("Mail naar verbodsjijst@example.org.", "verbodsjijst"),
    ("Het OM, de FIOD, het RIEC's, de OMG’s en de AMLA werken samen.", "AMLA"),
    ("De *comprehensive approach*{lang=en} en [Aggression Replacement]{lang=en} Training.",
     "comprehensive"),
    ("De [Aggression Replacement]{lang=en-GB} Training.", "Aggression"),
    ("In 2023 ging 12,5 miljoen naar het covid19-team, formulier x12b en LOODS₁₂.", "covid19"),
], ids=["code", "url", "domain", "email", "all-caps", "lang-marked", "lang-region", "numbers"])
def test_skipped(make_project: MakeProject, text: str, hidden: str) -> None:
    _unknown_to_the_dictionary(hidden)
    assert _spelling(check(_chapter(make_project, text))) == []


def test_words_marked_as_the_reports_own_language_are_checked(make_project: MakeProject) -> None:
    """{lang=nl-BE} in an nl-NL report is Dutch: checked like the words around it."""
    root = _chapter(make_project, "De [comprehensive]{lang=nl-BE} aanpak.")
    assert _words(check(root)) == ["comprehensive"]


def test_quoted_figures_and_table_references_are_no_text(make_project: MakeProject) -> None:
    """{{waarde …}}, {{tabel …}} and [tabel](#id) name a table by its id, which is no word."""
    _unknown_to_the_dictionary("qzxwtabel")
    root = make_project(
        spelling=True,
        chapters={"01-hoofdstuk.md": "# Hoofdstuk\n\nIn {{waarde qzxwtabel | A | 2023}} gevallen "
                                     "(zie [tabel](#qzxwtabel)).\n\n{{tabel qzxwtabel}}\n"},
        tables={"qzxwtabel.csv": "Post;2023\nA;1\nTOTAAL;1\n",
                "qzxwtabel.toml": 'caption = "Overzicht {{qzxwtabel}}"\nunit = "aantal"\n'})
    findings = check(root)
    assert not [f for f in findings if f.severity is Severity.ERROR], findings
    assert _spelling(findings) == []


def test_word_list_entries_and_comments(make_project: MakeProject) -> None:
    _unknown_to_the_dictionary("Qzxwbert", "Qzxwcomment", "jeugdboa")
    words = ("# Namen\nQzxwbert  # een naam, Qzxwcomment staat in commentaar\n\n"
             "jeugdboa\n")
    root = _chapter(make_project, "Qzxwbert en de jeugdboa’s. Jeugdboa en Qzxwcomment.",
                    files={"woorden.txt": words})
    assert _words(check(root)) == ["Qzxwcomment"]


def test_word_list_matching() -> None:
    words = WordList.from_text("jeugdboa\nIFi\nrisico’s\n")
    assert "Jeugdboa" in words and "jeugdboa's" in words and "jeugdboa’s" in words
    assert "IFi" in words and "ifi" not in words and "IFI" not in words
    assert "risico's" in words  # curly and straight apostrophes are one


# ---------------------------------------------------------------- --add-words


def test_add_words_appends_sorted_once_keeping_comments(make_project: MakeProject) -> None:
    existing = "# Namen\nQzxwbert\n\n# Termen\nafpakketen  # een term"  # no final newline
    root = _chapter(make_project, "Qzxwbert, Zqwerty, de zqwerty en ondernijning; een "
                                  "Ondernijning, de afpakketen.", files={"woorden.txt": existing})
    result = run_cli("check", "--project", root, "--add-words")
    assert result.exit_code == 0, result.output
    assert (root / "woorden.txt").read_text(encoding="utf-8") == (
        existing + "\nondernijning\nzqwerty\n")
    assert "added 2 word(s) to woorden.txt: ondernijning, zqwerty" in result.output
    assert "KB730" not in result.output

    again = run_cli("check", "--project", root, "--format", "json")
    assert json.loads(again.stdout)["findings"] == []
    assert run_cli("check", "--project", root, "--add-words").exit_code == 0
    assert (root / "woorden.txt").read_text(encoding="utf-8").endswith("\nzqwerty\n")


def test_add_words_creates_the_list_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "woorden.txt"
    assert add_words(path, ["Zqwerty", "bqwerty", "Bqwerty"]) == ["bqwerty", "Zqwerty"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ") and text.endswith("\nbqwerty\nZqwerty\n")
    assert read_word_list(path).words == frozenset({"bqwerty", "Zqwerty"})


def test_add_words_keeps_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "woorden.txt"
    path.write_bytes(b"# Namen\r\nQzxwbert\r\n")
    add_words(path, ["zqwerty"])
    assert path.read_bytes() == b"# Namen\r\nQzxwbert\r\nzqwerty\r\n"


def test_add_words_help_asks_for_a_review() -> None:
    result = run_cli("check", "--help")
    assert "--add-words" in result.output
    assert "Review" in " ".join(result.output.split())


# ---------------------------------------------------------------- the cache


def _cache(root: Path) -> Path:
    return root / CACHE_DIR / "spelling-nl_NL.json"


def _as_dicts(findings: list[Diagnostic]) -> list[dict[str, object]]:
    return [f.to_dict() | {"extra": f.extra} for f in findings]


def test_cache_hit_gives_the_same_findings_without_the_engine(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _chapter(make_project, "Een verbodsjijst bij de douanediensden, en de Zorg- en "
                                  "Veiligheidshuizen.")
    cold = check(root)
    assert _cache(root).is_file()
    assert (root / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").endswith("*\n")

    def no_engine(name: str) -> object:
        raise AssertionError("a warm cache loaded the dictionary")

    monkeypatch.setattr(speller_module, "_engine", no_engine)
    warm = check(root)
    assert _as_dicts(warm) == _as_dicts(cold)
    assert _words(warm) == ["douanediensden", "verbodsjijst"]


def test_changed_chapter_is_checked_anew(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst.")
    assert _words(check(root)) == ["verbodsjijst"]
    (root / CHAPTER).write_text("# Hoofdstuk\n\nEen verbodslijst en ondernijning.\n",
                                encoding="utf-8")
    assert _words(check(root)) == ["ondernijning"]
    cached = json.loads(_cache(root).read_text(encoding="utf-8"))
    assert "verbodsjijst" not in cached["unknown"]  # the file keeps this run's words only
    assert "ondernijning" in cached["unknown"] and "verbodslijst" in cached["known"]


def test_word_list_change_needs_no_new_lookups(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst en ondernijning.")
    check(root)
    (root / "woorden.txt").write_text("verbodsjijst\n", encoding="utf-8")
    report, _ = load_report(root)
    speller = Speller("nl_NL", root / CACHE_DIR)
    assert speller.known({"ondernijning", "verbodsjijst"}) == set()
    assert speller.lookups == 0
    assert _words(check(root)) == ["ondernijning"]


@pytest.mark.parametrize("damage", [
    b"{not json", b"\x00\xff\xfe", b"[]", b'{"format": 1, "key": [], "known": 5}',
    b"", b'{"format": 1}', b"[" * 100000,
], ids=["syntax", "binary", "list", "wrong-types", "empty", "no-key", "deep"])
def test_corrupt_cache_is_ignored_and_written_anew(make_project: MakeProject,
                                                   damage: bytes) -> None:
    root = _chapter(make_project, "Een verbodsjijst.")
    expected = _as_dicts(check(root))
    _cache(root).write_bytes(damage)
    assert _as_dicts(check(root)) == expected
    assert "verbodsjijst" in json.loads(_cache(root).read_text(encoding="utf-8"))["unknown"]


def test_stale_cache_of_another_dictionary_is_not_used(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst.")
    check(root)
    data = json.loads(_cache(root).read_text(encoding="utf-8"))
    data["key"][1] = [["nl_NL.dic", 1, 1]]
    data["known"], data["unknown"] = ["verbodsjijst"], []
    _cache(root).write_text(json.dumps(data), encoding="utf-8")
    assert _words(check(root)) == ["verbodsjijst"]


def test_a_cache_survives_a_reinstall(make_project: MakeProject, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The same dictionary installed anew (new file times, as in every CI run that restores
    the cache) keeps the cache; other bytes in a file of the same size do not."""
    import os
    import shutil

    root = _chapter(make_project, "Een verbodsjijst.")
    check(root)
    copy = tmp_path / "dictionaries"
    shutil.copytree(speller_module.DICTIONARIES, copy)
    for path in copy.iterdir():
        os.utime(path, ns=(1, 1))
    monkeypatch.setattr(speller_module, "DICTIONARIES", copy)
    reinstalled = Speller("nl_NL", root / CACHE_DIR)
    assert reinstalled.known({"verbodsjijst"}) == set() and reinstalled.lookups == 0
    dic = copy / "nl_NL.dic"
    data = bytearray(dic.read_bytes())
    data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
    dic.write_bytes(bytes(data))
    changed = Speller("nl_NL", root / CACHE_DIR)
    changed.known({"verbodsjijst"})
    assert changed.lookups == 1, "a changed dictionary kept the old verdicts"


def test_unwritable_cache_folder_is_no_error(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst.")
    (root / CACHE_DIR).write_text("a file where the folder should be", encoding="utf-8")
    assert _words(check(root)) == ["verbodsjijst"]


# ---------------------------------------------------------------- configuration


def test_spelling_off(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst.", extra_config="[checks]\nspelling = false\n")
    assert _spelling(check(root)) == []
    assert not (root / CACHE_DIR).exists()


def test_another_word_list(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst en ondernijning.",
                    extra_config='[checks]\nword_list = "taal/lijst.txt"\n',
                    files={"taal/lijst.txt": "verbodsjijst\n", "woorden.txt": "ondernijning\n"})
    findings = only(check(root), "KB730")
    assert _words(findings) == ["ondernijning"]
    assert "taal/lijst.txt" in findings[0].message and "taal/lijst.txt" in findings[0].hint


@pytest.mark.parametrize("word_list", ["../buiten.txt", "/etc/woorden.txt", "chapters"])
def test_word_list_must_be_a_file_in_the_project(make_project: MakeProject,
                                                 word_list: str) -> None:
    root = _chapter(make_project, "Tekst.", extra_config=f'[checks]\nword_list = "{word_list}"\n')
    with pytest.raises(ProjectError) as raised:
        load_report(root)
    [problem] = raised.value.diagnostics
    assert problem.code == "KB001" and word_list in problem.message


def test_report_in_another_language_says_spelling_was_not_checked(
        make_project: MakeProject) -> None:
    root = make_project(config='[report]\ntitle = "Report"\nlanguage = "en-GB"\n'
                               'chapters = ["chapters/01.md"]\n',
                        chapters={"01.md": "# Chapter\n\nSome text with a typpo.\n"})
    [finding] = _spelling(check(root))
    assert (finding.code, finding.severity) == ("KB731", Severity.WARNING)
    assert (finding.location.path, finding.location.line) == ("kamerbrief.toml", 3)
    assert "en-GB" in finding.message and "spelling = false" in finding.hint
    assert dictionary_for("en-GB") == "" and dictionary_for("nl-BE") == "nl_NL"


def test_unreadable_word_list_says_spelling_was_not_checked(make_project: MakeProject) -> None:
    root = _chapter(make_project, "Een verbodsjijst.", files={"woorden.txt": b"\x00\x01binary"})
    [finding] = _spelling(check(root))
    assert finding.code == "KB731" and finding.location.path == "woorden.txt"


def test_dictionary_is_opentaal_with_its_licence() -> None:
    aff = (DICTIONARIES / "nl_NL.aff").read_text(encoding="utf-8")
    assert "# Date and version: 2021-07-03 20:32:13 2.20.21" in aff
    assert "Revised BSD" in (DICTIONARIES / "nl_NL.LICENSE.txt").read_text(encoding="utf-8")


def test_the_example_is_clean_and_its_word_list_small() -> None:
    from conftest import EXAMPLE_ROOT

    assert _spelling(check(EXAMPLE_ROOT)) == []
    entries = read_word_list(EXAMPLE_ROOT / "woorden.txt")
    assert len(entries) < 80
    # every entry is needed: the dictionary knows none of them
    assert Speller("nl_NL").known(entries.words) == set()
