#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A figures CSV as LibreOffice Calc reads it in English, German and Ukrainian.

For each locale the CSV is exported in that locale's spreadsheet style
(a comma and decimal points in English; a semicolon and decimal commas in
German and Ukrainian), LibreOffice converts it headless with the locale's
number recognition, and every figure must come back a number equal to the
machine CSV's, every text (the units' "km²" too) the same text.
Usage: check-csv.py CLI SOURCE WORKDIR
"""
import math
import os
import subprocess
import sys

LOCALES = [("en-US", 1033, "spreadsheet-point", ord(",")),
           ("de-DE", 1031, "spreadsheet-comma", ord(";")),
           ("uk-UA", 1058, "spreadsheet-comma", ord(";"))]


def fields(line):
    """The fields of a machine CSV line (commas; quotes around text with
    commas or quotes), as (text, quoted)."""
    out, i = [], 0
    while True:
        if i < len(line) and line[i] == '"':
            j, text = i + 1, ""
            while True:
                k = line.index('"', j)
                text += line[j:k]
                if k + 1 < len(line) and line[k + 1] == '"':
                    text += '"'
                    j = k + 2
                    continue
                i = k + 1
                break
            out.append((text, True))
        else:
            k = line.find(",", i)
            k = len(line) if k < 0 else k
            out.append((line[i:k], False))
            i = k
        if i >= len(line):
            return out
        i += 1  # the comma


NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def sheet_rows(path):
    """The first sheet of a flat ODS: rows of (text, number or None)."""
    import xml.etree.ElementTree as ET
    rows = []
    table = ET.parse(path).getroot().find(".//table:table", NS)
    for row in table.findall("table:table-row", NS):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            repeat = int(cell.get("{%s}number-columns-repeated" % NS["table"], "1"))
            kind = cell.get("{%s}value-type" % NS["office"])
            text = "".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
            value = float(cell.get("{%s}value" % NS["office"])) if kind in ("float", "percentage") else None
            cells.extend([(text, value)] * min(repeat, 8))
        while cells and cells[-1] == ("", None):
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main(cli, source, work):
    name = os.path.splitext(os.path.basename(source))[0]
    machine = os.path.join(work, name + "-machine.csv")
    subprocess.run([cli, "export", source, "--dmz", "5mi", "--csv-style", "machine", "-o", machine],
                   check=True, stdout=subprocess.DEVNULL)
    with open(machine, encoding="utf-8") as f:
        want = [fields(l.rstrip("\n")) for l in f if l.strip()]
    failed = 0
    for locale, lang, style, sep in LOCALES:
        folder = os.path.join(work, locale)
        os.makedirs(folder, exist_ok=True)
        csv = os.path.join(folder, name + ".csv")
        subprocess.run([cli, "export", source, "--dmz", "5mi", "--csv-style", style, "-o", csv],
                       check=True, stdout=subprocess.DEVNULL)
        out = os.path.join(folder, "out")
        # Read as Calc reads it in that locale (UTF-8, quoted numbers
        # still numbers), kept as a flat ODS: each cell's type and value.
        subprocess.run(["soffice", "--headless", "--norestore",
                        "-env:UserInstallation=file://" + os.path.join(work, "lo-profile"),
                        "--infilter=Text - txt - csv (StarCalc):%d,34,76,1,,%d,false,true" % (sep, lang),
                        "--convert-to", "fods", "--outdir", out, csv],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        got = sheet_rows(os.path.join(out, name + ".fods"))
        wrong = []
        if len(got) != len(want):
            wrong.append("%d rows, not %d" % (len(got), len(want)))
        for row, (w, g) in enumerate(zip(want, got)):
            g = g + [("", None)] * (len(w) - len(g))
            for col, ((wt, _), (gt, gv)) in enumerate(zip(w, g)):
                v = number(wt) if row > 0 and col == 1 else None
                if v is not None:
                    if gv is None or not math.isclose(gv, v, rel_tol=1e-12, abs_tol=1e-12):
                        wrong.append("row %d (%s): %s read as %s" % (row + 1, w[0][0], wt,
                                                                    gt + " (text)" if gv is None else repr(gv)))
                elif wt != gt:
                    wrong.append("row %d column %d: “%s” read as “%s”" % (row + 1, col + 1, wt, gt))
        n_numbers = sum(1 for r in want[1:] if number(r[1][0]) is not None)
        if wrong:
            failed = 1
            print("csv: %s in LibreOffice (%s): %d wrong, e.g. %s" % (name, locale, len(wrong), "; ".join(wrong[:3])))
        else:
            print("csv: %s in LibreOffice (%s): %d figures read as numbers equal to the machine CSV's, texts alike"
                  % (name, locale, n_numbers))
    return failed


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
