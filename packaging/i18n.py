#!/usr/bin/env python3
"""Translations: collect every ``tr()`` string into the ``.ts`` sources, and compile them to the ``.qm`` files the app
ships.

    python3 packaging/i18n.py update     # pyside6-lupdate: add new strings to resources/i18n/*.ts (keeps old work)
    python3 packaging/i18n.py compile    # pyside6-lrelease: resources/i18n/*.ts -> *.qm
    python3 packaging/i18n.py check      # exit 1 when a string in app/ is missing from a .ts, an entry is
                                         # unfinished, or a .qm is out of date (prints nothing when all is well)

The ``.qm`` files are committed (they are small) so that a plain ``pip install`` ships them without Qt's tools at
build time; ``check`` runs in the test suite (tests/unit/test_translations.py), so a string added without
``update`` and a translation, or a .ts edited without ``compile``, fails it.

Languages: Simplified Chinese and Persian in full; English is the source text, and its catalog holds only the plural
forms (``-pluralonly``). Translating: edit the ``<translation>`` of each ``type="unfinished"`` entry (fill every
``<numerusform>``), keep placeholders (``%s``, ``%n``, ``{0}``) and the ``&`` accelerator, drop ``type``, then
``compile``. A Persian sentence that starts with a UID or a product name begins with U+200F (right-to-left mark):
Qt takes a paragraph's direction from its first strong character.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
CATALOG = "xinference_manager"
LANGUAGES = ("zh_CN", "fa")
# English is the source text; its catalog holds only the plural forms ("%n line(s)" -> "1 line", "2 lines").
PLURAL_ONLY = ("en",)
CATALOGS = LANGUAGES + PLURAL_ONLY
# What a translation must keep from its source: printf and Qt arguments, and str.format fields.
PLACEHOLDER = re.compile(r"%[sdn]|%\d+|\{[^{}]*\}")


def tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or str(Path(sys.executable).with_name(f"pyside6-{name}"))
    return found


def sources() -> list[Path]:
    return sorted(p for p in (ROOT / "app").rglob("*.py") if "__pycache__" not in p.parts)


def ts_path(code: str) -> Path:
    return I18N / f"{CATALOG}_{code}.ts"


def lupdate(code: str, ts: Path, files: list[Path], quiet: bool = False) -> None:
    """Collect every translatable string of ``files`` into ``ts`` (kept translations stay; vanished ones go)."""
    plural_only = ["-pluralonly"] if code in PLURAL_ONLY else []
    subprocess.run([tool("lupdate"), "-no-obsolete", "-locations", "none", *plural_only, "-target-language", code,
                    *map(str, files), "-ts", str(ts)], check=True, cwd=ROOT, capture_output=quiet)


def update() -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    for code in CATALOGS:
        lupdate(code, ts_path(code), sources())


def messages(ts: Path) -> set[tuple[str, str]]:
    """(context, source text) of every live entry of a .ts file."""
    found = set()
    for context in ET.parse(ts).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") not in ("vanished", "obsolete"):
                found.add((name, message.findtext("source") or ""))
    return found


def missing(files: list[Path] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Per language, the strings lupdate finds in ``files`` (default: app/) that its .ts lacks: a ``tr()`` added
    since the last ``update``. lupdate runs into a scratch file, so the shipped .ts files are left as they are."""
    wanted: dict[str, set[tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for code in (LANGUAGES[0], *PLURAL_ONLY):  # every translated language wants the same strings
            fresh = Path(tmp) / f"{code}.ts"
            lupdate(code, fresh, sources() if files is None else files, quiet=True)
            wanted[code] = messages(fresh)
    return {code: sorted(wanted[code if code in PLURAL_ONLY else LANGUAGES[0]] - messages(ts_path(code)))
            for code in CATALOGS if ts_path(code).exists()}


def compile_to(code: str, out: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts_path(code)), "-qm", str(out)], check=True, cwd=ROOT)


def compile_all() -> None:
    for code in CATALOGS:
        compile_to(code, I18N / f"{CATALOG}_{code}.qm")


def unfinished(code: str) -> list[str]:
    """Source texts whose translation is missing or marked unfinished."""
    tree = ET.parse(ts_path(code))
    bad = []
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            bad.append(source)
        elif message.get("numerus") == "yes":
            if not all((form.text or "").strip() for form in translation.iter("numerusform")):
                bad.append(source)
        elif not (translation.text or "").strip():
            bad.append(source)
    return bad


def broken(code: str) -> list[str]:
    """Translations that lost (or gained) a placeholder, or the keyboard accelerator of their source."""
    bad = []
    for message in ET.parse(ts_path(code)).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for text in forms:
            if text and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                bad.append(f"{code}: placeholders differ: {source!r} -> {text!r}")
            elif text and re.search(r"&\w", source) and not re.search(r"&\w", text):
                bad.append(f"{code}: keyboard accelerator (&) lost: {source!r} -> {text!r}")
    return bad


def check() -> list[str]:
    problems = [f"{code}: not in {ts_path(code).name} (run python3 packaging/i18n.py update, then translate): "
                f"{context}: {source!r}" for code, lacking in missing().items() for context, source in lacking]
    with tempfile.TemporaryDirectory() as tmp:
        for code in CATALOGS:
            if not ts_path(code).exists():
                problems.append(f"{ts_path(code).name} is missing")
                continue
            problems += [f"{code}: unfinished: {s!r}" for s in unfinished(code)]
            problems += broken(code)
            fresh = Path(tmp) / f"{code}.qm"
            compile_to(code, fresh)
            shipped = I18N / f"{CATALOG}_{code}.qm"
            if not shipped.exists() or shipped.read_bytes() != fresh.read_bytes():
                problems.append(f"{shipped.name} is out of date: run python3 packaging/i18n.py compile")
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = check()
        for line in problems:
            print(line)
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
