"""Refresh resources/translations/socle_desktop_fr.ts from the window's sources.

    python3 packaging/update_translations.py

The source strings are French, so the French catalogue translates each string to itself; it is
the list a translator copies to make socle_desktop_en.ts (then `pyside6-lrelease` makes the .qm
that gui/app.py loads when SOCLE_LANG=en).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "resources" / "translations" / "socle_desktop_fr.ts"


def lupdate() -> str:
    bundled = Path(PySide6.__file__).parent / "lupdate"
    found = str(bundled) if bundled.exists() else shutil.which("pyside6-lupdate")
    if found is None:
        sys.exit("lupdate introuvable : installez PySide6-Essentials.")
    return found


def main() -> None:
    sources = sorted(str(p) for p in (ROOT / "socle_desktop" / "gui").rglob("*.py"))
    subprocess.run([lupdate(), *sources, "-source-language", "fr_FR", "-target-language", "fr_FR",
                    "-no-obsolete", "-ts", str(CATALOGUE)], check=True)
    tree = ET.parse(CATALOGUE)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if message.get("numerus") == "yes" and "(s)" in (message.findtext("source") or ""):
            translation.set("type", "unfinished")  # re-derive the French forms below
        if translation.get("type") != "unfinished":
            continue
        del translation.attrib["type"]
        source = message.findtext("source") or ""
        if message.get("numerus") == "yes":
            translation.text = None
            for form in list(translation):
                translation.remove(form)
            # French: the first form for 0 and 1, the second from 2 on; « %n école(s) » in the
            # source becomes « %n école » and « %n écoles », never « école(s) » on screen.
            for form in french_forms(source):
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = source
    text = ET.tostring(tree.getroot(), encoding="unicode")
    CATALOGUE.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + text + "\n", encoding="utf-8")


def french_forms(source: str) -> tuple[str, str]:
    """(singular, plural) of a source written with « (s) » / « (x) » marks."""
    singular = re.sub(r"\((?:s|x|es)\)", "", source)
    plural = re.sub(r"\((s|x|es)\)", r"\1", source)
    return singular, plural


if __name__ == "__main__":
    main()
