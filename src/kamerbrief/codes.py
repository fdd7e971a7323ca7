"""Every finding code, with its family, default severity and a writer-facing explanation.

``kamerbrief explain CODE`` prints these; a test makes sure every code a check can emit is
listed here with help text.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamerbrief.diagnostics import Severity


@dataclass(frozen=True)
class CodeInfo:
    code: str
    title: str
    severity: Severity
    explanation: str
    fix: str


def _c(code: str, title: str, severity: str, explanation: str, fix: str) -> CodeInfo:
    return CodeInfo(code, title, Severity(severity), explanation, fix)


CODES: dict[str, CodeInfo] = {c.code: c for c in [
    _c("KB001", "Project file invalid", "error",
       "kamerbrief.toml cannot be read or has keys or values kamerbrief does not know.",
       "Fix the key named in the message; 'did you mean' suggests the closest known key."),
    _c("KB002", "Chapter front matter invalid", "error",
       "The block between '---' lines at the top of a chapter is not valid.",
       "Use 'key: value' lines with the keys title, kind (chapter or annex), running_header."),
    _c("KB003", "Chapter without title", "error",
       "A chapter needs a title for the contents, the running header and bookmarks.",
       "Start the chapter with a '# Title' line."),
    _c("KB004", "Chapter unreadable", "error",
       "A chapter file is missing, binary, or not UTF-8/Windows-1252 text.",
       "Save the chapter as UTF-8 text, or fix its name in kamerbrief.toml."),
    _c("KB005", "Second chapter title", "warning",
       "A chapter file holds more than one '# ' heading. Only the first is the chapter's title; "
       "a later one prints in the title's style in the middle of the chapter, with no new page "
       "and no chapter of its own in the contents.",
       "Make it a section ('## …'), or move it and its text to a chapter file of its own and "
       "list that file in kamerbrief.toml."),
    # kamerbrief review: a reviewed DOCX's comments and changes (the CI formats only)
    _c("KB020", "Reviewer's comment", "warning",
       "A reviewer commented on this text or table cell in the DOCX.",
       "Answer it, or change the source; 'kamerbrief review --apply --comments-file' keeps "
       "the comments in reviews/."),
    _c("KB021", "Reviewer's change", "warning",
       "A reviewer changed this text or table cell in the DOCX (a tracked change, or one "
       "made with track changes off).",
       "Apply it with 'kamerbrief review --apply', or leave it out."),
    _c("KB022", "Review change not placed", "error",
       "A comment or change in the DOCX has no anchor that leads to the source: it was made "
       "outside the report's blocks (after a table, in a caption), or in a file kamerbrief "
       "did not build. Its text is reported; it is not applied.",
       "Find the place in the source by its text and make the change by hand."),
    _c("KB023", "Source changed since the build", "error",
       "The paragraph or cell the reviewer changed is no longer what the DOCX was built from: "
       "the source was edited after the build. The change is not applied.",
       "Compare the change with the source and apply it by hand; next time build the DOCX "
       "for review from the current source."),
    _c("KB024", "Change cannot be written back", "error",
       "A placed change is not a change of the Markdown's words: it is inside a figure quoted "
       "from a table ({{waarde}}, {{reken}}), a table number or a label kamerbrief prints, or "
       "it runs across blocks that do not follow each other.",
       "For a figure, change the table's CSV, not the text; otherwise make the change by "
       "hand (the message says why)."),
    _c("KB101", "SUBTOTAAL does not add up", "error",
       "A SUBTOTAAL row must equal the sum of the item rows since the previous subtotal "
       "(or the start of the table), column by column.",
       "Correct the wrong item or the subtotal; the message shows expected, found and the "
       "difference. For tables of rounded figures set tolerance = \"rounding\" in the sidecar."),
    _c("KB102", "TOTAAL does not add up", "error",
       "A TOTAAL row must equal the sum of all subtotals plus every item row that is not "
       "under a subtotal.",
       "Correct the total or the part that is wrong; check that subtotal rows are labelled "
       "SUBTOTAAL so they are not counted twice."),
    _c("KB103", "Column formula does not hold", "error",
       "A [[formulas]] entry in the sidecar (e.g. Verschil = Plan - Realisatie) does not "
       "hold on this row.",
       "Correct the cell, or the formula in the sidecar."),
    _c("KB104", "Figures differ between tables", "error",
       "An [[equals]] entry in the sidecar says a row of this table repeats a row of "
       "another table, and a figure differs.",
       "Make the two tables agree; the message names both cells."),
    _c("KB105", "Total without parts", "error",
       "A SUBTOTAAL or TOTAAL row has no rows above it to add up.",
       "Put the item rows above the total, or relabel the row."),
    _c("KB106", "More than one TOTAAL", "warning",
       "A table has several TOTAAL rows; each closes the rows above it since the last total.",
       "Check this is intended; otherwise relabel one of them."),
    _c("KB107", "Declared or numbered sum does not add up", "error",
       "A row that a [[sums]] entry, the table's shape (shape = \"budgettaire-gevolgen\") or its "
       "numbering (4.2 above 4.2.1 and 4.2.2) makes a total does not equal the sum of its parts. "
       "The message names the relation in words, the part rows, expected and found.",
       "Correct the wrong part or total. If the rows are not meant to add up, correct the "
       "declaration in the sidecar (see docs/tables.md)."),
    _c("KB108", "Row rule does not hold", "error",
       "A row_rules entry in the sidecar (e.g. Saldo = Baten - Lasten) does not hold in this "
       "column, with every figure allowed its printed rounding.",
       "Correct the figure, or the rule in the sidecar."),
    _c("KB109", "Breakdown larger than its total", "error",
       "The 'waarvan' rows under a row break that row down; together they cannot be more than "
       "it, yet here they are.",
       "Correct the wrong figure; if the rows are not a breakdown, do not start them with "
       "'waarvan'."),
    _c("KB110", "Table unreadable", "error",
       "A table file is empty, binary, not CSV, or in an unknown encoding; or an .xlsx file "
       "is not a valid workbook; or a table id has two files (t.csv and t.xlsx).",
       "Export the sheet again as 'CSV UTF-8 (comma delimited)' or 'CSV (puntkomma)', or save "
       "the workbook again as 'Excel-werkmap (*.xlsx)'; keep one file per table id."),
    _c("KB111", "Text in a number cell", "error",
       "A cell in a numeric column holds something that is not a number.",
       "Write Dutch numbers (1.234 or 12,5), '-' for nil, or declare more label columns "
       "with labels = N in the sidecar."),
    _c("KB112", "Row has the wrong number of cells", "error",
       "A row has more or fewer cells than the header row.",
       "Add or remove cells (delimiters) so every row matches the header."),
    _c("KB113", "Column header missing or duplicated", "error",
       "Every numeric column needs a unique name in the first row.",
       "Name the column; rename duplicates."),
    _c("KB114", "Table sidecar invalid", "error",
       "The table's .toml sidecar has an unknown key, a wrong type, or a syntax error.",
       "Fix the key named in the message; see docs/tables.md for the sidecar keys."),
    _c("KB115", "Formula invalid", "error",
       "A [[formulas]] expression cannot be read or names a column the table does not have.",
       "Use column names, numbers, + - * / and parentheses; quote names with spaces in "
       "backticks."),
    _c("KB116", "Cross-table reference broken", "error",
       "An [[equals]] entry names a table, row or column that does not exist.",
       "Fix the table id, row label or column name in the sidecar."),
    _c("KB117", "Note mark without note", "warning",
       "A cell carries a mark such as '*' that has no text under [notes] in the sidecar, or "
       "a note is never used.",
       "Add the note text to [notes], or remove the mark."),
    _c("KB118", "Formula without a computed value", "error",
       "A cell of an Excel table holds a formula but no value: the workbook was saved by a "
       "tool that writes formulas without computing them, so the figure is unknown.",
       "Open the workbook in Excel or LibreOffice and save it again, so the computed values "
       "are stored; or type the figure instead of the formula."),
    _c("KB119", "Sidecar without a table", "warning",
       "A .toml sidecar in tables/ has no .csv or .xlsx table file with the same name, so "
       "nothing reads it: its caption, notes and checks are lost. This happens when a table "
       "file is renamed and its sidecar is not.",
       "Rename the sidecar to match its table file (tables/<id>.toml beside tables/<id>.csv "
       "or .xlsx), or delete it."),
    _c("KB120", "Looks like a total, but nothing checks it", "warning",
       "A row or column looks like arithmetic (its label says totaal, subtotaal, saldo, "
       "uitgaven, ontvangsten, verplichtingen or waarvan; it is numbered above sub-numbers; or "
       "it equals the sum of the rows or columns next to it), but no sum or rule covers it. "
       "kamerbrief will not call such a table checked.",
       "Declare its arithmetic in the sidecar: shape = \"budgettaire-gevolgen\", [[sums]], "
       "row_rules or column_rules (the hint gives the line to paste where it can infer it), or "
       "say that it is no sum: unchecked = [\"label\"]."),
    _c("KB121", "Table too wide for any page", "error",
       "The table's label columns and one figure column are wider than a landscape page even "
       "at the smallest table font (6.5 pt), so no layout, not even splitting the figure "
       "columns into parts, keeps every column on the page: the PDF and the DOCX would lose "
       "columns, and 'kamerbrief build' refuses them. Measured with the house font's widths. "
       "The HTML scrolls such a table.",
       "Shorten the longest words of the labels (the message names one), or declare fewer "
       "label columns (labels = … in the sidecar). A report published only as HTML may set "
       "KB121 = \"warning\" under [checks.severity]."),
    _c("KB122", "Hidden in Excel", "warning",
       "A row or column inside the table's range is hidden in the workbook (Excel's Hide, or "
       "a filter). kamerbrief prints and checks every cell of the range, so what the sheet "
       "hides is published all the same.",
       "Delete the row or column, unhide it, or leave it out with range = in the sidecar."),
    _c("KB123", "Numbers in two notations", "error",
       "A table holds a number with a decimal point ('2.5', English notation) and a number "
       "such as '1.234', which Dutch notation reads as one thousand two hundred and thirty-four "
       "but English as one point two three four. Nothing tells the two apart, and a wrong "
       "reading is a thousand times off.",
       "Write every number of the table one way: Dutch (1.234 and 2,5; export from Excel "
       "with Dutch settings) or plain (1234 and 2.5)."),
    _c("KB124", "Percentage total not checked", "warning",
       "A SUBTOTAAL or TOTAAL row holds a percentage that lies among the percentages above "
       "it but is not their sum: a growth rate or an average of the total, not a share that "
       "adds up. kamerbrief does not sum it (that would be a false error) and says it is not "
       "checked.",
       "Declare a rate of two columns as a formula ([[formulas]] column = … expr = …); a "
       "share column should add up to its total."),
    _c("KB201", "Table placed twice", "error",
       "A table can appear once in the document.",
       "Remove the second {{tabel id}}; refer to the table with [tabel](#id) instead."),
    _c("KB202", "Reference does not resolve", "error",
       "A [tabel](#id) reference or a #anchor link points at no table or heading.",
       "Use an existing table id (file stem in tables/) or heading id."),
    _c("KB203", "Table never placed", "warning",
       "A table in tables/ is not placed in any chapter, so it is checked but not printed.",
       "Place it with {{tabel id}} in a chapter, or remove the file."),
    _c("KB204", "Hand-written table number that no table has", "error",
       "The prose mentions 'Tabel N' but the document has no table with that number.",
       "Replace it with [tabel](#id) so the number is computed."),
    _c("KB205", "Hand-written table number", "warning",
       "The prose types 'Tabel N' by hand; it will be wrong when tables move.",
       "Replace it with [tabel](#id) so the number is computed."),
    _c("KB206", "Table without caption", "error",
       "Every numbered table needs a caption ('Tabel 3 – …').",
       "Add caption = \"…\" to the table's sidecar."),
    _c("KB207", "Table placement invalid", "error",
       "{{tabel id}} names no table, or stands inside running text.",
       "Put {{tabel id}} on a line of its own, with an id from tables/."),
    _c("KB208", "Annex reference written as text", "warning",
       "The prose says '(zie bijlage)' without a link, so the reader cannot tell which annex "
       "is meant and nothing checks it exists.",
       "Link it: [bijlage](#anchor-of-the-annex), or remove the reference."),
    _c("KB209", "Reference by number to an unnumbered table", "error",
       "[tabel](#id) prints 'tabel N', but the table has numbered = false in its sidecar, so "
       "there is no N to print.",
       "Link with words of your own, [de tabel hieronder](#id), which needs no number; or "
       "remove numbered = false from the sidecar so the table is numbered."),
    _c("KB301", "Footnote without text", "error",
       "A footnote is referenced ([^n]) but never defined in the same chapter.",
       "Add '[^n]: text' to the chapter, or remove the reference."),
    _c("KB302", "Footnote never referenced", "warning",
       "A footnote is defined but no text refers to it, so it is not printed.",
       "Add [^n] where it belongs, or remove the definition."),
    _c("KB303", "Inline footnote", "error",
       "A footnote written inline as ^[text] (Pandoc's syntax) is not supported: it would be "
       "printed as it stands.",
       "Write [^1] in the text and '[^1]: text' on a line of its own (at the end of the "
       "chapter)."),
    _c("KB401", "Empty or placeholder link", "error",
       "A link has no target or a placeholder target such as '#'.",
       "Give the real address, or write the text without a link."),
    _c("KB402", "Box not closed", "error",
       "A '::: kind' box has no closing ':::' line, so it swallows the rest of the chapter.",
       "Add a line holding only ':::' where the box ends."),
    _c("KB403", "Image not found", "error",
       "An image refers to a file that does not exist in the project.",
       "Fix the path (relative to the project folder) or add the file."),
    _c("KB404", "Image without alt text", "error",
       "Accessible PDFs need a text alternative for every image.",
       "Write ![description](path)."),
    _c("KB405", "Resource outside the project", "error",
       "Images and files load only from inside the project: remote URLs, file: URLs and "
       "paths outside the project folder are refused.",
       "Copy the file into the project and refer to it by a relative path."),
    _c("KB406", "Linked file not found", "error",
       "A link without a web address (no https://) points at a file in the project that does "
       "not exist, so the reader would follow a dead link.",
       "Fix the path (relative to the project folder), add the file, or write the full web "
       "address (https://…)."),
    _c("KB407", "Image type not shown everywhere", "error",
       "The image is of a type that not every output can embed (Word takes no SVG or WebP), "
       "so one output would show the alt text where the others show the picture.",
       "Save the image as PNG (drawings, charts) or JPEG (photographs)."),
    _c("KB408", "Image damaged", "error",
       "The image file is truncated, damaged or not the type its name says, so no output can "
       "embed it.",
       "Export the image again from the program that made it, as PNG or JPEG."),
    _c("KB409", "Call to action without a link", "warning",
       "A sentence such as 'Lees hier het verhaal' or 'Bekijk hier de handreiking' promises a "
       "link, but nothing in it is linked: in every output it leads nowhere.",
       "Link the words to the address ([hier](https://…)), or say in words where the reader "
       "finds it (the magazine, the organisation, the title)."),
    _c("KB410", "HTML in a chapter", "warning",
       "A chapter holds HTML (<sup>, <br>, <div>…). The outputs have no raw HTML: every one "
       "prints the tag as typed.",
       "Write it in Markdown (a line break: a backslash at the end of the line; a note: [^1]), "
       "or remove it. A comment, <!-- … -->, is fine: it is left out of every output."),
    _c("KB411", "Comment not closed", "error",
       "A comment opened with <!-- has no -->, so everything after it would be left out of "
       "the report (or, inside a paragraph, the comment would be printed).",
       "Close the comment with -->."),
    _c("KB501", "Value in prose does not resolve", "error",
       "A {{waarde …}} reference names a table, row or column that does not exist, or an "
       "empty cell.",
       "Fix the reference; use 'Groep > Rij' when a row label repeats."),
    _c("KB502", "Computed figure does not resolve", "error",
       "A {{reken …}} figure cannot be read or computed: a cell that does not resolve, a "
       "division by zero, an amount added to a plain number, or a result whose unit is unclear.",
       "Fix what the message names; write {{reken [tabel | rij | kolom] / [tabel | rij | kolom] "
       "| procent 0}} (docs/markdown.md, 'Computed figures')."),
    _c("KB503", "Unknown shortcode", "error",
       "Text between {{ and }} is not a kamerbrief shortcode.",
       "Use {{waarde …}}, {{reken …}}, {{negeer KB…}} or {{tabel id}}, or remove the braces."),
    _c("KB504", "Table figure typed by hand", "warning",
       "A number in the prose is a figure of a table, as the table prints it (or scaled: "
       "'705,9 miljoen'). Typed by hand, it stays behind when the table is revised.",
       "Quote it with the {{waarde …}} the message gives; if the match is a coincidence, add "
       "{{negeer KB504}} to the line."),
    _c("KB505", "Percentage computed by hand", "warning",
       "A percentage in the prose is one table figure as a share of another that the same "
       "paragraph quotes or types. Computed by hand, it stays behind when the table is revised.",
       "Compute it with the {{reken …}} the message gives; if the match is a coincidence, add "
       "{{negeer KB505}} to the line."),
    _c("KB506", "Nothing to ignore", "warning",
       "A {{negeer KB…}} names a finding that its line does not have (any more), or a code "
       "that does not exist, so it would hide a future finding for no reason.",
       "Remove the {{negeer …}}, or correct the code in it."),
    _c("KB601", "Table without unit", "warning",
       "A numeric table should say its unit ('in 1.000 euro').",
       "Add unit = \"…\" to the sidecar."),
    _c("KB602", "Table without source", "warning",
       "A table should name its source on a 'Bron:' line.",
       "Add source = \"…\" to the sidecar, or set [checks.severity] KB602 = \"off\"."),
    _c("KB603", "Markdown in a table text", "warning",
       "A caption, unit, source or note in a sidecar holds Markdown (*emphasis*, "
       "[words]{lang=en}, a link, {{waarde …}}): a sidecar's texts are plain text, so every "
       "output would print the asterisks, brackets and braces.",
       "Write the words without the markup."),
    _c("KB720", "Citation not in the report's form", "warning",
       "A citation of a Kamerstuk, Handelingen, Staatsblad or Staatscourant is written in "
       "another form than the one the report uses (Aanwijzing 3.43 of the Aanwijzingen voor "
       "de regelgeving by default: 'Kamerstukken II 2023/24, 28741, nr. 113'), so the report "
       "reads as two house styles.",
       "Paste the corrected text the message gives; [citations] in kamerbrief.toml chooses "
       "dossier numbers with a space (dossier_space = true) or full vergaderjaren "
       "(full_session = true)."),
    _c("KB721", "Citation incomplete", "warning",
       "A citation lacks a part its form needs (the vergaderjaar of a Kamerstuk, the Kamer or "
       "vergadernummer of Handelingen), which no program can fill in.",
       "Look the paper up and add the missing part."),
    _c("KB701", "Name written two ways", "warning",
       "A name of several words is written with different capitals or hyphens in the report "
       "('Preventie met Gezag' and 'Preventie met gezag'), so a reader may take them for two.",
       "Write the name one way throughout; the message names the spelling used most."),
    _c("KB711", "English phrase not marked", "warning",
       "A phrase that is English, not Dutch ('best practices', 'liaison officers'), stands in "
       "the Dutch text unmarked: a screen reader pronounces it as Dutch, and Word and the PDF "
       "hyphenate and spell-check it as Dutch (WCAG 2.1, 3.1.2 Language of Parts).",
       "Mark the words: *best practices*{lang=en} (in italics) or [liaison officers]{lang=en} "
       "(as the words around them). Or write the Dutch word."),
    _c("KB712", "Attribute invalid", "error",
       "An attribute in braces after *words* or [words] sets something other than a language "
       "(lang), has a language code that does not exist, stands after a link, image or code, "
       "or is not closed. It would otherwise be lost or printed as it stands.",
       "Write {lang=en} (a language code: en, de, fr, en-GB) right after *words* or [words], "
       "and nothing else in the braces."),
    _c("KB730", "Word not in the dictionary", "warning",
       "A word of the prose or of a table's texts (caption, labels, column headers, notes, "
       "source) is neither in the Dutch dictionary (OpenTaal, which knows compounds) nor in the "
       "project's word list woorden.txt: a typo, or a name or term the dictionary cannot know.",
       "Correct the typo (the hint gives the dictionary's suggestions). If it is a name, "
       "abbreviation or term, add it to woorden.txt, one word a line; 'kamerbrief check "
       "--add-words' adds every word reported, so review the list first."),
    _c("KB731", "Spelling not checked", "warning",
       "The spelling check could not run: there is no dictionary for the report's language "
       "(report.language), or the word list cannot be read. Said once, so that a clean check "
       "is not taken for checked spelling.",
       "Set report.language to a Dutch tag (nl-NL) if the report is Dutch, fix the word list "
       "the message names, or turn the check off with spelling = false under [checks]."),
    _c("KB740", "Character the house font cannot print", "warning",
       "A chapter or table holds a character the house font (Fira Sans) has no glyph for: "
       "an emoji, a check mark, a box (🚀, ✓, ☐). The PDF takes it from another font of the "
       "machine that builds it, or prints an empty box where none has it.",
       "Write it in words or with a character the font has; a picture belongs in an image."),
]}
