"""Citations of official publications: found in real prose, normalised, linked.

Every string in REAL and REAL_NON_CITATIONS is copied from a stored copy of a real page; the
key names the page, whose address is in SOURCES and in tests/fixtures/citations/README.md.
The property tests spell generated citations in each form writers use and check that they
read back to the same publication, and that the house form is a fixed point.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamerbrief.citations import DEFAULT_STYLE, KINDS, Citation, CitationStyle, find_citations

OB = "https://zoek.officielebekendmakingen.nl/"

SOURCES = {
    "aanwijzing-3.43": "https://www.kcbr.nl/beleid-en-regelgeving-ontwikkelen/aanwijzingen-voor-de-"
                       "regelgeving/hoofdstuk-3-aspecten-van-vormgeving/ss-33-aanhaling-en-verwijzing/"
                       "aanwijzing-343-verwijzing-naar-parlementaire-stukken",
    "aanwijzing-3.45": "https://www.kcbr.nl/beleid-en-regelgeving-ontwikkelen/aanwijzingen-voor-de-"
                       "regelgeving/hoofdstuk-3-aspecten-van-vormgeving-31-364/ss-33-aanhaling-en-"
                       "verwijzing-327-351/aanwijzing-345-vermelding-vindplaatsen-staatsblad-ed",
    "ru-parlementair": "https://libguides.ru.nl/juridische_bronvermeldingen/parlementaire_documenten",
    "ru-citeertitel": "https://libguides.ru.nl/juridische_bronvermeldingen/regeling_zonder_citeertitel",
    "scribbr": "https://www.scribbr.nl/leidraad-voor-juridische-auteurs/parlementaire-stukken/",
    "rijksfinancien-2006": "https://rijksfinancien.nl/index%2Ephp/memorie-van-toelichting/2006/1SUPP/VI/"
                           "onderdeel/IDARCCFB",
    "kst-25479-37": OB + "kst-25479-37.html",
    "kst-31444-XVI-6": OB + "dossier/kst-31444-XVI-6.html",
    "kst-35510-130": OB + "kst-35510-130.html",
    "tk-2022D35259": "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2022D35259"
                     "&id=2022D35259",
    "tk-2022D23672": "https://www.tweedekamer.nl/kamerstukken/detail?did=2022D23672&id=2022Z11568",
    "kst-31066-444": OB + "kst-31066-513.html/kst-31066-444.html",
    "parlementairemonitor": "https://www.parlementairemonitor.nl/9353000/1/j9vvij5epmj1ey0/vhexlcy7oezo",
    "kst-35165-9": OB + "kst-35165-9.html",
    "kst-36600-B-K": OB + "kst-36600-B-K.html",
    "tk-2025D04328": "https://tweedekamer.nl/kamerstukken/kamervragen/detail?did=2025D04328"
                     "&id=2025D04328",
    "eumonitor-35526": "https://www.eumonitor.eu/9353000/1/j9vvik7m1c3gyxp/vli4jalgwlyx",
    "ek-motie-35788-K": "https://www.staten-generaal.nl/9370000/1/j9vvkfvj6b325az/vlqhvcqpzpwk",
    "berthub-2023D05549": "https://berthub.eu/tkconv/get/2023D05549",
    "openkamer-35470-IX-9": "https://www.openkamer.org/kamerstuk/35470-IX/9/",
    "kst-35300-B-29": OB + "kst-35300-B-29.html",
    "studylib-34725-2": "https://studylibnl.com/doc/954758/bijlagen-bij-het-financieel-jaarverslag-van-"
                        "het-rijk",
    "stb-2008-586": OB + "stb-2008-586.html",
    "stb-2023-519": OB + "stb-2023-519.html",
    "h-tk-20192020-4-14": OB + "h-tk-20192020-4-14.html",
    "h-tk-20192020-31-8-n1": OB + "h-tk-20192020-31-8-n1.html",
    "h-tk-20232024-4-26": OB + "h-tk-20232024-4-26.html",
    "ek-2023-04-11": "https://eerstekamer.nl/9370000/1/j9vvkfvj6b325az/vm25upnkw7p9",
    "berthub-2023D15974": "https://berthub.eu/tkconv/get/2023D15974",
    "berthub-2024D33435": "https://berthub.eu/tkconv/get/2024D33435",
    # This repository's example report, chapters/02-voorkomen.md, footnotes 1 and 2.
    "example-report": "chapters/02-voorkomen.md",
}


@dataclass(frozen=True)
class Expect:
    """One citation expected in a real text: what it identifies, its house form, its address."""

    text: str
    kind: str
    chamber: str = ""
    session: tuple[int, int] | None = None
    dossier: str = ""
    suffix: str = ""
    number: str = ""
    item: str = ""
    year: int | None = None
    tail: str = ""
    canonical: str | None = None
    url: str | None = None


def fields(c: Citation | Expect) -> tuple[object, ...]:
    return (c.kind, c.chamber, c.session, c.dossier, c.suffix, c.number, c.item, c.year, c.tail)


def kst(text: str, chamber: str, session: tuple[int, int] | None, dossier: str, number: str,
        suffix: str = "", tail: str = "", canonical: str | None = None, url: str | None = None) -> Expect:
    return Expect(text, "kamerstuk", chamber, session, dossier, suffix, number, tail=tail,
                  canonical=canonical, url=url)


REAL: list[tuple[str, str, list[Expect]]] = [
    # The two footnotes of the example report (as the reader sees them, en dashes applied).
    ("example-report", "Tweede Kamer, vergaderjaar 2023–2024, 28 741, nr. 113.", [
        kst("Tweede Kamer, vergaderjaar 2023–2024, 28 741, nr. 113", "II", (2023, 2024), "28741",
            "113", canonical="Kamerstukken II 2023/24, 28741, nr. 113", url=OB + "kst-28741-113.html")]),
    ("example-report", "Zie de periodieke drugspreventiebrief van de Staatssecretaris van VWS aan de "
                       "Kamer (TK 2022–2023, 24 077, nr. 513).", [
        kst("TK 2022–2023, 24 077, nr. 513", "II", (2022, 2023), "24077", "513",
            canonical="Kamerstukken II 2022/23, 24077, nr. 513", url=OB + "kst-24077-513.html")]),
    # Aanwijzing 3.43 itself: its examples are their own house form.
    ("aanwijzing-3.43", "Kamerstukken II 2009/10, 27858, nr. 88, p. 3;", [
        kst("Kamerstukken II 2009/10, 27858, nr. 88, p. 3", "II", (2009, 2010), "27858", "88",
            tail=", p. 3", canonical="Kamerstukken II 2009/10, 27858, nr. 88, p. 3",
            url=OB + "kst-27858-88.html")]),
    ("aanwijzing-3.43", "Kamerstukken I 2008/09, 31700 VI, D, p. 4;", [
        kst("Kamerstukken I 2008/09, 31700 VI, D, p. 4", "I", (2008, 2009), "31700", "D",
            suffix="VI", tail=", p. 4", canonical="Kamerstukken I 2008/09, 31700 VI, D, p. 4",
            url=OB + "kst-31700-VI-D.html")]),
    ("aanwijzing-3.43", "Handelingen II 2007/08, nr. 108 , p. 7909-7943 (tot en met 31 december 2010);", [
        Expect("Handelingen II 2007/08, nr. 108 , p. 7909-7943", "handelingen", "II", (2007, 2008),
               number="108", tail=" , p. 7909-7943",
               canonical="Handelingen II 2007/08, nr. 108, p. 7909-7943")]),
    ("aanwijzing-3.43", "Handelingen II 2010/11, nr. 108, item 5, p. 25-36 (vanaf 1 januari 2011);", [
        Expect("Handelingen II 2010/11, nr. 108, item 5, p. 25-36", "handelingen", "II", (2010, 2011),
               number="108", item="5", tail=", p. 25-36",
               canonical="Handelingen II 2010/11, nr. 108, item 5, p. 25-36",
               url=OB + "h-tk-20102011-108-5.html")]),
    ("aanwijzing-3.43", "Aanhangsel Handelingen I 2014/15, nr. 12.", [
        Expect("Aanhangsel Handelingen I 2014/15, nr. 12", "aanhangsel", "I", (2014, 2015), number="12",
               canonical="Aanhangsel Handelingen I 2014/15, nr. 12")]),
    ("aanwijzing-3.43", "het bij koninklijke boodschap van 8 mei 2009 ingediende voorstel van wet tot "
                        "wijziging van de Meststoffenwet (differentiatie fosfaatgebruiksnorm) "
                        "(Kamerstukken 31945);", [
        kst("Kamerstukken 31945", "", None, "31945", "", canonical="Kamerstukken 31945")]),
    ("aanwijzing-3.43", "ter bevordering van kleinere klassen in het basisonderwijs (Kamerstukken 34538).", [
        kst("Kamerstukken 34538", "", None, "34538", "", canonical="Kamerstukken 34538")]),
    ("aanwijzing-3.43", "gevolgd door een ondernummer: “Kamerstukken II 2009/10, 32217, nr. 2”.", [
        kst("Kamerstukken II 2009/10, 32217, nr. 2", "II", (2009, 2010), "32217", "2",
            canonical="Kamerstukken II 2009/10, 32217, nr. 2", url=OB + "kst-32217-2.html")]),
    ("aanwijzing-3.43", "een letter gebruikt: “Kamerstukken I 2009/10, 32217, A”.", [
        kst("Kamerstukken I 2009/10, 32217, A", "I", (2009, 2010), "32217", "A",
            canonical="Kamerstukken I 2009/10, 32217, A", url=OB + "kst-32217-A.html")]),
    ("aanwijzing-3.45", "Stb. 2011, 35;", [
        Expect("Stb. 2011, 35", "staatsblad", year=2011, number="35", canonical="Stb. 2011, 35",
               url=OB + "stb-2011-35.html")]),
    ("aanwijzing-3.45", "Stcrt. 2015, 10247;", [
        Expect("Stcrt. 2015, 10247", "staatscourant", year=2015, number="10247",
               canonical="Stcrt. 2015, 10247", url=OB + "stcrt-2015-10247.html")]),
    ("ru-parlementair", "Kamerstukken II 2012/13, 33680, nr. 3, p. 13.", [
        kst("Kamerstukken II 2012/13, 33680, nr. 3, p. 13", "II", (2012, 2013), "33680", "3",
            tail=", p. 13", canonical="Kamerstukken II 2012/13, 33680, nr. 3, p. 13",
            url=OB + "kst-33680-3.html")]),
    ("ru-parlementair", "Handelingen II 2007/08, nr. 70, p. 4867.", [
        Expect("Handelingen II 2007/08, nr. 70, p. 4867", "handelingen", "II", (2007, 2008), number="70",
               tail=", p. 4867", canonical="Handelingen II 2007/08, nr. 70, p. 4867")]),
    ("ru-parlementair", "Handelingen I 2014/15, nr. 11, item 4, p. 5.", [
        Expect("Handelingen I 2014/15, nr. 11, item 4, p. 5", "handelingen", "I", (2014, 2015),
               number="11", item="4", tail=", p. 5",
               canonical="Handelingen I 2014/15, nr. 11, item 4, p. 5",
               url=OB + "h-ek-20142015-11-4.html")]),
    ("ru-parlementair", "Aanhangsel Handelingen II 2014/15, nr. 1241.", [
        Expect("Aanhangsel Handelingen II 2014/15, nr. 1241", "aanhangsel", "II", (2014, 2015),
               number="1241", canonical="Aanhangsel Handelingen II 2014/15, nr. 1241",
               url=OB + "ah-tk-20142015-1241.html")]),
    ("ru-citeertitel", "Besluit van 11 november 2013, houdende milieukwaliteitseisen voor externe "
                       "veiligheid in verband met het vervoer van gevaarlijke stoffen over "
                       "transportroutes (Stb. 2013, 465).", [
        Expect("Stb. 2013, 465", "staatsblad", year=2013, number="465", canonical="Stb. 2013, 465",
               url=OB + "stb-2013-465.html")]),
    ("scribbr", "Voorbeeld voetnoot 3. Kamerstukken I 2020/21, 34430, nr. AB, p. 7.", [
        kst("Kamerstukken I 2020/21, 34430, nr. AB, p. 7", "I", (2020, 2021), "34430", "AB",
            tail=", p. 7", canonical="Kamerstukken I 2020/21, 34430, AB, p. 7",
            url=OB + "kst-34430-AB.html")]),
    ("kst-25479-37", "– de financiële verantwoording over het jaar 1996 (Kamerstuk 25 479, nr. 8);\n"
                     "– de Slotwet 1996 (Kamerstuk 25 485);\n"
                     "– het op het ministerie van Justitie betrekking hebbende onderdeel van het "
                     "rechtmatigheidsonderzoek van de Algemene Rekenkamer (Kamerstuk 25 470, nrs. 1–2, "
                     "blz. 61–81).", [
        kst("Kamerstuk 25 479, nr. 8", "", None, "25479", "8", url=OB + "kst-25479-8.html"),
        kst("Kamerstuk 25 485", "", None, "25485", "", canonical="Kamerstukken 25485"),
        kst("Kamerstuk 25 470, nrs. 1–2, blz. 61–81", "", None, "25470", "1–2", tail=", blz. 61–81")]),
    ("kst-31444-XVI-6", "over het rapport van de Algemene Rekenkamer bij het jaarverslag 2007 van het "
                        "ministerie van Volksgezondheid, Welzijn en Sport (Kamerstuk 31 444 XI, nr. 4) de "
                        "navolgende vragen", [
        kst("Kamerstuk 31 444 XI, nr. 4", "", None, "31444", "4", suffix="XI",
            url=OB + "kst-31444-XI-4.html")]),
    ("kst-35510-130", "op rapport «Ongekend onrecht» (Kamerstuk 35 510, nr. 115).", [
        kst("Kamerstuk 35 510, nr. 115", "", None, "35510", "115", url=OB + "kst-35510-115.html")]),
    ("tk-2022D35259", "Lijst van vragen en antwoorden over het proces van de begrotingsbehandeling "
                      "(Kamerstuk 31865-207)", [
        kst("Kamerstuk 31865-207", "", None, "31865", "207", url=OB + "kst-31865-207.html")]),
    ("tk-2022D35259", "over de brief van 13 april 2022 inzake het proces van de begrotingsbehandeling\n"
                      "(Kamerstuk 31 865, nr. 207).", [
        kst("Kamerstuk 31 865, nr. 207", "", None, "31865", "207", url=OB + "kst-31865-207.html")]),
    ("tk-2022D23672", "over het rapport Staat van de rijksverantwoording 2021 (Kamerstuk 36100-3)", [
        kst("Kamerstuk 36100-3", "", None, "36100", "3", url=OB + "kst-36100-3.html")]),
    ("tk-2022D23672", "Staat van de rijksverantwoording 2021 (Kamerstuk 36 100, nr. 3).", [
        kst("Kamerstuk 36 100, nr. 3", "", None, "36100", "3", url=OB + "kst-36100-3.html")]),
    ("kst-31066-444", "inzake de 22e halfjaarsrapportage Belastingdienst (Kamerstuk 31 066, nr. 438).", [
        kst("Kamerstuk 31 066, nr. 438", "", None, "31066", "438", url=OB + "kst-31066-438.html")]),
    ("kst-31066-444", "worden meegenomen in de halfjaarsrapportage van de Belastingdienst (Kamerstuk "
                      "34 775 IX, nr. 8)?", [
        kst("Kamerstuk 34 775 IX, nr. 8", "", None, "34775", "8", suffix="IX",
            url=OB + "kst-34775-IX-8.html")]),
    ("parlementairemonitor", "over de jaarrapportage Vervanging F-16 over het jaar 2007 (kamerstuk 26488, "
                             "nr. 68)", [
        kst("kamerstuk 26488, nr. 68", "", None, "26488", "68", url=OB + "kst-26488-68.html")]),
    ("parlementairemonitor", "inclusief tijdpad tussenoplossing (Kamerstuk 31 332, nr. 86).", [
        kst("Kamerstuk 31 332, nr. 86", "", None, "31332", "86", url=OB + "kst-31332-86.html")]),
    ("kst-35165-9", "Ik heb daarop gereageerd bij brief van 18 april jl. (Kamerstuk 35 165, nr. 2) Op "
                    "dezelfde dag", [
        kst("Kamerstuk 35 165, nr. 2", "", None, "35165", "2", url=OB + "kst-35165-2.html")]),
    ("kst-35165-9", "op 19 juni 2019 (Kamerstuk 35 165, nr. 7).", [
        kst("Kamerstuk 35 165, nr. 7", "", None, "35165", "7", url=OB + "kst-35165-7.html")]),
    ("kst-36600-B-K", "Gemeentefonds 2025 en Provinciefonds 2025 (EK 36 600 B, A en EK 36 600 C, A).", [
        kst("EK 36 600 B, A", "I", None, "36600", "A", suffix="B", url=OB + "kst-36600-B-A.html"),
        kst("EK 36 600 C, A", "I", None, "36600", "A", suffix="C", url=OB + "kst-36600-C-A.html")]),
    ("kst-36600-B-K", "Integraal Overzicht Financiën provincies 2024 (EK 34 568, H).", [
        kst("EK 34 568, H", "I", None, "34568", "H", url=OB + "kst-34568-H.html")]),
    ("tk-2025D04328", "Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028.", [
        Expect("Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028", "aanhangsel", "",
               (2024, 2025), number="1028")]),
    ("eumonitor-35526", "verlenging van de Tijdelijke maatregelen covid-19 (Kamerstuk 35 526, L).", [
        kst("Kamerstuk 35 526, L", "", None, "35526", "L", url=OB + "kst-35526-L.html")]),
    ("ek-motie-35788-K", "de brief van de minister van BZK van 23 maart 2022 (EK 35.788, V) met een "
                         "reactie op deze motie", [
        kst("EK 35.788, V", "I", None, "35788", "V", url=OB + "kst-35788-V.html")]),
    ("berthub-2023D05549", "uitvoering motie van het lid Marijnissen c.s. (Kamerstuk 35510-21) en motie "
                           "van het lid Klaver c.s. (Kamerstuk 35510-16)", [
        kst("Kamerstuk 35510-21", "", None, "35510", "21", url=OB + "kst-35510-21.html"),
        kst("Kamerstuk 35510-16", "", None, "35510", "16", url=OB + "kst-35510-16.html")]),
    ("openkamer-35470-IX-9", "over het Jaarverslag Ministerie van Financiën en Nationale Schuld 2019 "
                             "(Kamerstuk 35 470 IX, nr. 1) (Kamerstuk 35 470 IX, nr. 6);", [
        kst("Kamerstuk 35 470 IX, nr. 1", "", None, "35470", "1", suffix="IX",
            url=OB + "kst-35470-IX-1.html"),
        kst("Kamerstuk 35 470 IX, nr. 6", "", None, "35470", "6", suffix="IX",
            url=OB + "kst-35470-IX-6.html")]),
    ("kst-35300-B-29", "in aanvulling op de meicirculaire gemeentefonds van 29 mei 2020 (Kamerstuk "
                       "35 300 B, nr. 19) aan gemeenten heb verstuurd. Bij brief van 28 mei 2020 "
                       "(Kamerstuk 35 420, nr. 43) heb ik u", [
        kst("Kamerstuk 35 300 B, nr. 19", "", None, "35300", "19", suffix="B",
            url=OB + "kst-35300-B-19.html"),
        kst("Kamerstuk 35 420, nr. 43", "", None, "35420", "43", url=OB + "kst-35420-43.html")]),
    ("studylib-34725-2", "Tweede Kamer, vergaderjaar 2016–2017, 34 725, nr. 2", [
        kst("Tweede Kamer, vergaderjaar 2016–2017, 34 725, nr. 2", "II", (2016, 2017), "34725", "2",
            canonical="Kamerstukken II 2016/17, 34725, nr. 2", url=OB + "kst-34725-2.html")]),
    ("stb-2008-586", "Ministerie van Sociale Zaken en Werkgelegenheid | Staatsblad 2008, 586 | Wet |", [
        Expect("Staatsblad 2008, 586", "staatsblad", year=2008, number="586", canonical="Stb. 2008, 586",
               url=OB + "stb-2008-586.html")]),
    ("stb-2023-519", "Ministerie van Infrastructuur en Waterstaat | Staatsblad 2023, 519 | AMvB |", [
        Expect("Staatsblad 2023, 519", "staatsblad", year=2023, number="519", canonical="Stb. 2023, 519",
               url=OB + "stb-2023-519.html")]),
]

# Real text with numbers that look like a citation's but no anchor word, or an anchor word
# without the numbers: none of it is a citation.
REAL_NON_CITATIONS: list[tuple[str, str]] = [
    ("stb-2008-586", "de wet van 29 december 2008 tot intrekking van de Invoeringswet Wet werk en "
                     "bijstand (Stb. 586)."),
    ("stb-2008-586", "Staatsblad van het Koninkrijk der Nederlanden"),
    ("stb-2023-519", "(PbEU 2020, L 249) en artikel 5:12, tweede lid, van de Arbeidstijdenwet"),
    ("stb-2023-519", "De Afdeling advisering van de Raad van State gehoord (advies van 26 juli 2023, "
                     "nr. W17.23.00169/IV);"),
    ("aanwijzing-3.45", "Trb. 2008, 175."),
    ("aanwijzing-3.45", "overeenkomstig het volgende voorbeeld: Stb. …, … ."),
    ("h-tk-20192020-4-14", "de motie-Omtzigt over de klokkenluidersbrief over kinderhandel bij "
                           "interlandelijke adopties (21501-20, nr. 1471)."),
    ("h-tk-20192020-31-8-n1", "de motie-Van Aalst over niet verlagen van de maximumsnelheid "
                              "(35300-A, nr. 16);"),
    ("h-tk-20232024-4-26", "35570-XIV-46; 35570-46; 21501-32-1188; 21501-20-734; 35300-41"),
    ("ek-2023-04-11", "Verslag van de vergadering van 11 april 2023 (2022/2023 nr. 26)"),
    ("ek-2023-04-11", "de aangehouden motie van het lid Nicolaï over het slavernijverleden (35300-VI, "
                      "letter Y)"),
    ("ek-motie-35788-K", "nummer 35.788, K"),
    ("berthub-2023D15974", "Tweede Kamer der Staten-Generaal 2\nVergaderjaar 2022‒2023\n36 350VI "
                           "Wijziging van de begrotingsstaten"),
    ("berthub-2023D05549", "Onderdeel van kamerstukdossier 26643 -971 Informatie- en "
                           "communicatietechnologie (ICT)."),
    ("berthub-2024D33435", "Onderdeel van kamerstukdossier 36606 -3 Wijziging van de Wet op het "
                           "kindgebonden budget"),
    ("berthub-2024D33435", "Regeling van werkzaamheden (Regeling van werkzaamheden), TK"),
    # Two dossiers joined by "en" share one number: not read (see the fixture README).
    ("rijksfinancien-2006", "in de brief van 9 maart 2005 (Kamerstukken II, 29 949 en 29 950, nr. 5) is "
                            "toegezegd"),
]


def _case_id(case: tuple[str, str, list[Expect]]) -> str:
    return f"{case[0]}: {case[1][:40]}"


@pytest.mark.parametrize("case", REAL, ids=[_case_id(case) for case in REAL])
def test_real_citations(case: tuple[str, str, list[Expect]]) -> None:
    source, text, expected = case
    assert source in SOURCES
    found = find_citations(text)
    assert [c.text for c in found] == [e.text for e in expected]
    for citation, expect in zip(found, expected, strict=True):
        assert text[citation.start:citation.end] == citation.text
        assert fields(citation) == fields(expect)
        assert citation.canonical() == expect.canonical
        assert citation.url() == expect.url


@pytest.mark.parametrize("case", REAL_NON_CITATIONS, ids=[f"{s}: {t[:40]}" for s, t in REAL_NON_CITATIONS])
def test_real_non_citations(case: tuple[str, str]) -> None:
    source, text = case
    assert source in SOURCES
    assert find_citations(text) == []


@pytest.mark.parametrize("text", [
    "28 741",
    "nr. 3",
    "2023–2024",
    "In 2023–2024 gaf het ministerie 28 741 euro uit, zie nr. 3.",
    "De TK-fractie en de TK Maxx in Den Haag.",
    "TK 2022–2023 was een bewogen jaar.",
    "TK 2022",
    "Handelingen II 2023/24",
    "de Handelingen van de Kamer, nr. 12",
    "Aanhangsel Handelingen II 2023/24",
    "Kamerstukken II 2023/24",
    "Kamerstukken over 28741 en meer",
    "Kamerstukdossier 35300",
    "Staatsblad 2024",
    "Stb. 2024",
    "Stcrt. nr. 12345",
    "Tweede Kamer, 28 741, nr. 113",
    "Kamerstukken II 2023/25, 28741, nr. 113",
    "Tweede Kamer, vergaderjaar 2023–2025, 28 741, nr. 113",
    "Handelingen II 2024/23, nr. 12, item 3",
    "Aanhangsel Handelingen II 2023/24, nr. 12, item 3",
])
def test_non_citations(text: str) -> None:
    assert find_citations(text) == []


@pytest.mark.parametrize("written", ["2023/24", "2023/2024", "2023-2024", "2023–2024", "2023 / 24"])
def test_session_forms(written: str) -> None:
    (citation,) = find_citations(f"Kamerstukken II {written}, 28741, nr. 113")
    assert citation.session == (2023, 2024)
    assert citation.canonical() == "Kamerstukken II 2023/24, 28741, nr. 113"


def test_session_across_a_century() -> None:
    (citation,) = find_citations("Kamerstukken II 1999/00, 26800 VI, nr. 2")
    assert citation.session == (1999, 2000)
    assert citation.canonical() == "Kamerstukken II 1999/2000, 26800 VI, nr. 2"


@pytest.mark.parametrize("written, dossier, suffix", [
    ("28 741", "28741", ""),
    ("28.741", "28741", ""),
    ("28\u00a0741", "28741", ""),
    ("36.410 VI", "36410", "VI"),
    ("36410-VI", "36410", "VI"),
    ("36 350 IIA", "36350", "IIA"),
    ("21 501-32", "21501", "32"),
])
def test_dossier_forms(written: str, dossier: str, suffix: str) -> None:
    (citation,) = find_citations(f"Kamerstukken II 2023/24, {written}, nr. 3")
    assert (citation.dossier, citation.suffix) == (dossier, suffix)


@pytest.mark.parametrize("written", [", nr. 113", ", nr 113", ", no. 113", ", Nr. 113", ",\u00a0nr.\u00a0113",
                                     " nr. 113"])
def test_number_forms(written: str) -> None:
    (citation,) = find_citations(f"Kamerstukken II 2023/24, 28741{written}")
    assert citation.number == "113"
    assert citation.canonical() == "Kamerstukken II 2023/24, 28741, nr. 113"


@pytest.mark.parametrize("written, number", [("nrs. 1–2", "1–2"), ("nrs. 1 - 2", "1–2"),
                                             ("nrs. 3 en  4", "3 en 4"), ("nrs. 5\u2012 6", "5–6")])
def test_ranges_of_papers(written: str, number: str) -> None:
    (citation,) = find_citations(f"Kamerstuk 25 470, {written}")
    assert citation.number == number
    assert citation.url() is None


def test_a_whole_dossier_only_where_the_citation_ends() -> None:
    """"Kamerstukken 31945" cites a dossier; in "28 741 en 29 950, nr. 5" the number belongs to
    both dossiers, which this module does not read, so it must not claim a dossier alone."""
    assert [c.dossier for c in find_citations("(Kamerstuk 25 485); (Kamerstukken 31945).")] == \
        ["25485", "31945"]
    assert find_citations("Kamerstukken 28 741 en 29 950, nr. 5") == []
    assert find_citations("Kamerstuk 28741 A-lijst") == []


@pytest.mark.parametrize("written", ["Stcrt. 2015, 10247", "Stcrt. 2015, 10.247", "Stcrt. 2015, 10 247",
                                     "Staatscourant 2015, nr. 10247", "Stcrt 2015,10247"])
def test_journal_numbers(written: str) -> None:
    (citation,) = find_citations(written + ".")
    assert (citation.year, citation.number, citation.text) == (2015, "10247", written)
    assert citation.canonical() == "Stcrt. 2015, 10247"


def test_non_breaking_spaces_everywhere() -> None:
    text = "Kamerstukken\u00a0II\u00a02023/24,\u00a028\u00a0741,\u00a0nr.\u00a0113,\u00a0p.\u00a03"
    (citation,) = find_citations(text)
    assert (citation.start, citation.end) == (0, len(text))
    # The core is normalised; the pages stay as written, their non-breaking space too.
    assert citation.canonical() == "Kamerstukken II 2023/24, 28741, nr. 113, p.\u00a03"


def test_offsets_inside_a_sentence() -> None:
    first = "Tweede Kamer, vergaderjaar 2023–2024, 28 741, nr. 113"
    second = "TK 2022–2023, 24 077, nr. 513"
    text = f"Zoals eerder gemeld ({first}) en later herhaald in de brief ({second}), blijft het beleid."
    found = find_citations(text)
    assert [(c.start, c.end) for c in found] == [
        (text.index(first), text.index(first) + len(first)),
        (text.index(second), text.index(second) + len(second)),
    ]


def test_several_kinds_in_one_footnote() -> None:
    text = ("Zie Kamerstukken II 2008/09, 31 700 VI, nr. 2, p. 3; Handelingen II 2023/24, nr. 12, "
            "item 3; Aanhangsel Handelingen II 2023/24, nr. 1234; Stb. 2024, 123 en Stcrt. 2024, 12345.")
    found = find_citations(text)
    assert [c.kind for c in found] == ["kamerstuk", "handelingen", "aanhangsel", "staatsblad",
                                       "staatscourant"]
    assert [c.url() for c in found] == [
        OB + "kst-31700-VI-2.html", OB + "h-tk-20232024-12-3.html", OB + "ah-tk-20232024-1234.html",
        OB + "stb-2024-123.html", OB + "stcrt-2024-12345.html",
    ]
    assert all(text[c.start:c.end] == c.text for c in found)


def test_canonical_is_the_fix() -> None:
    text = "Zie TK 2022–2023, 24 077, nr. 513, blz. 4 voor de cijfers."
    (citation,) = find_citations(text)
    fixed = text[:citation.start] + str(citation.canonical()) + text[citation.end:]
    assert fixed == "Zie Kamerstukken II 2022/23, 24077, nr. 513, blz. 4 voor de cijfers."


def test_without_vergaderjaar_a_link_but_no_house_form() -> None:
    (citation,) = find_citations("Kamerstuk 28741, nr. 113")
    assert citation.missing() == ("vergaderjaar",)
    assert citation.canonical() is None
    assert citation.url() == OB + "kst-28741-113.html"


def test_missing_names_what_to_add() -> None:
    (aanhangsel,) = find_citations("Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028")
    assert aanhangsel.missing() == ("Kamer",)
    (by_page,) = find_citations("Handelingen II 2009/10, p. 1234")
    assert by_page.missing() == ("vergadernummer",)
    assert (by_page.number, by_page.tail) == ("", ", p. 1234")
    assert by_page.canonical() is None and by_page.url() is None
    (whole,) = find_citations("(Kamerstukken 31945)")
    assert whole.missing() == ()


def test_chamber_follows_from_the_number() -> None:
    """Without I/II the Kamer is known all the same: digits are Tweede Kamer, letters Eerste."""
    assert [c.canonical() for c in find_citations(
        "Kamerstukken 2019/20, 35 300, D en Kamerstukken 2019/20, 35 300, nr. 4")] == [
        "Kamerstukken I 2019/20, 35300, D", "Kamerstukken II 2019/20, 35300, nr. 4"]


@pytest.mark.parametrize("text", [
    "Aanhangsel Handelingen I 2014/15, nr. 12",        # the Eerste Kamer's address: not verified
    "Handelingen II 2007/08, nr. 108, p. 7909",        # by page: no item, no address
    "Stcrt. 2008, 45",                                 # numbered per edition before July 2009
    "Stb. 1994, 12",                                   # before the journals went online
    "Kamerstukken II 1990/91, 21800, nr. 3",           # idem
    "Kamerstuk 25 470, nrs. 1–2",                      # two papers
    "Kamerstukken 31945",                              # a whole dossier
])
def test_no_address_where_none_is_sure(text: str) -> None:
    (citation,) = find_citations(text)
    assert citation.url() is None


def test_style_options() -> None:
    (citation,) = find_citations("TK 2022–2023, 24 077, nr. 513")
    assert citation.canonical(CitationStyle(dossier_separator=" ")) == \
        "Kamerstukken II 2022/23, 24 077, nr. 513"
    assert citation.canonical(CitationStyle(full_session=True)) == \
        "Kamerstukken II 2022/2023, 24077, nr. 513"
    assert citation.canonical() == citation.canonical(DEFAULT_STYLE)


# --- generated citations ----------------------------------------------------------------------

ROMAN_OR_FUND = ["VI", "VII", "IIA", "XIII", "XVI", "A", "B", "C"]
LETTERS = ["A", "D", "K", "AB", "BM"]
SESSION_FORMS = ["{a}/{b2}", "{a}/{b}", "{a}-{b}", "{a}–{b}"]


@st.composite
def sessions(draw: st.DrawFn) -> tuple[tuple[int, int], str]:
    first = draw(st.integers(1995, 2030))
    form = draw(st.sampled_from(SESSION_FORMS))
    return (first, first + 1), form.format(a=first, b=first + 1, b2=f"{(first + 1) % 100:02d}")


@st.composite
def kamerstukken(draw: st.DrawFn) -> tuple[str, Expect]:
    """A Kamerstuk citation in one of the forms writers use, and what it must read back as."""
    dossier = str(draw(st.integers(10000, 99999)))
    suffix = draw(st.sampled_from(["", "", *ROMAN_OR_FUND, "32", "08"]))
    eerste = draw(st.booleans())
    number = draw(st.sampled_from(LETTERS)) if eerste else str(draw(st.integers(1, 3000)))
    session, session_text = draw(sessions())
    tail = draw(st.sampled_from(["", "", ", p. 3", ", blz. 12–14"]))
    form = draw(st.sampled_from(["kamerstukken", "vergaderjaar", "abbreviation", "no-year",
                                 "identifier"]))
    if form == "identifier" and not eerste:
        written = f"Kamerstuk {dossier}{'-' + suffix if suffix else ''}-{number}{tail}"
        return written, kst(written, "", None, dossier, number, suffix=suffix, tail=tail)
    separator = draw(st.sampled_from(["", " ", "\u00a0", "."]))
    dossier_text = dossier[:2] + separator + dossier[2:]
    if suffix.isdigit():
        dossier_text += "-" + suffix
    elif suffix:
        dossier_text += draw(st.sampled_from([" ", "-"])) + suffix
    if eerste:
        number_text = draw(st.sampled_from(["", "nr. "])) + number
    else:
        number_text = draw(st.sampled_from(["nr. ", "nr ", "no. ", "nr.\u00a0"])) + number
    rest = f"{dossier_text}, {number_text}{tail}"
    chamber = "I" if eerste else "II"
    said: tuple[int, int] | None = session
    if form == "vergaderjaar":
        house = "Eerste" if eerste else "Tweede"
        written = f"{house} Kamer, vergaderjaar {session[0]}–{session[1]}, {rest}"
    elif form == "abbreviation":
        with_year = draw(st.booleans())
        written = f"{'EK' if eerste else 'TK'} {session_text + ', ' if with_year else ''}{rest}"
        said = session if with_year else None
    elif form == "no-year":
        written, chamber, said = f"Kamerstuk {rest}", "", None
    else:
        chamber = draw(st.sampled_from([chamber, ""]))
        written = f"Kamerstukken {chamber + ' ' if chamber else ''}{session_text}, {rest}"
    return written, kst(written, chamber, said, dossier, number, suffix=suffix, tail=tail)


@st.composite
def handelingen(draw: st.DrawFn) -> tuple[str, Expect]:
    chamber = draw(st.sampled_from(["I", "II"]))
    session, session_text = draw(sessions())
    number = str(draw(st.integers(1, 150)))
    if draw(st.booleans()):
        written = f"Aanhangsel Handelingen {chamber} {session_text}, nr. {number}"
        return written, Expect(written, "aanhangsel", chamber, session, number=number)
    item = draw(st.sampled_from(["", str(draw(st.integers(1, 40)))]))
    tail = draw(st.sampled_from(["", ", p. 5", ", p. 25–36"]))
    written = f"Handelingen {chamber} {session_text}, nr. {number}{', item ' + item if item else ''}{tail}"
    return written, Expect(written, "handelingen", chamber, session, number=number, item=item, tail=tail)


@st.composite
def journals(draw: st.DrawFn) -> tuple[str, Expect]:
    kind = draw(st.sampled_from(["staatsblad", "staatscourant"]))
    names = ["Stb.", "Staatsblad"] if kind == "staatsblad" else ["Stcrt.", "Staatscourant"]
    year, number = draw(st.integers(1995, 2030)), str(draw(st.integers(1, 99999)))
    written = f"{draw(st.sampled_from(names))} {year}, {number}"
    return written, Expect(written, kind, year=year, number=number)


# Kamerstukken come in the most forms: drawn three times as often as the others.
citations = st.one_of(kamerstukken(), kamerstukken(), kamerstukken(), handelingen(), journals())
prefixes = st.sampled_from(["", "Zie ", "(zie ook ", "In de brief\u00a0", "Eerder: "])
endings = st.sampled_from(["", ".", ")", "; en verder", ", zoals gezegd."])


@settings(max_examples=300)
@given(citations, prefixes, endings)
def test_every_written_form_reads_back(case: tuple[str, Expect], prefix: str, ending: str) -> None:
    written, expect = case
    text = prefix + written + ending
    (citation,) = find_citations(text)
    assert fields(citation) == fields(expect)
    assert (citation.start, citation.end, citation.text) == (len(prefix), len(prefix) + len(written),
                                                             written)


def _as_canonical(c: Citation) -> tuple[object, ...]:
    """The fields a citation's house form reads back as: the Kamer said, pages after ", "."""
    chamber = c.chamber
    if c.kind == "kamerstuk" and c.number and not chamber:
        chamber = "I" if c.number.isalpha() else "II"
    tail = ", " + c.tail.strip().lstrip(",").strip() if c.tail else ""
    return (c.kind, chamber, c.session, c.dossier, c.suffix, c.number, c.item, c.year, tail)


styles = st.builds(CitationStyle, dossier_separator=st.sampled_from(["", " ", "\u00a0"]),
                   full_session=st.booleans())


@given(citations, styles)
def test_house_form_is_a_fixed_point(case: tuple[str, Expect], style: CitationStyle) -> None:
    (citation,) = find_citations(case[0])
    house = citation.canonical(style)
    if house is None:
        assert citation.missing()
        return
    (again,) = find_citations(house)
    assert (again.start, again.end) == (0, len(house))
    assert fields(again) == _as_canonical(citation)
    assert again.canonical(style) == house
    assert again.url() == citation.url()


@given(st.text(alphabet=st.sampled_from(list("Kamerstukn IITKEHdlgSbc.,/–-0123456789 \u00a0nrp()vadj")),
               max_size=80))
def test_any_text_gives_consistent_citations(text: str) -> None:
    found = find_citations(text)
    ends = [0]
    for citation in found:
        assert citation.kind in KINDS
        assert text[citation.start:citation.end] == citation.text
        assert citation.start >= ends[-1]
        ends.append(citation.end)
