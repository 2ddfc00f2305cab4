"""The shipped translations are complete: every string the app's code marks for translation is in each .ts file,
translated (placeholders and accelerators kept), and compiled into the .qm the package ships.

A ``tr()`` added later without ``packaging/i18n.py update`` and a translation fails here, naming the string.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def i18n() -> ModuleType:
    # Loaded from its file: the folder is named like the PyPI "packaging" the tests also import.
    spec = importlib.util.spec_from_file_location("packaging_i18n", ROOT / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_finds_nothing_to_do(i18n: ModuleType) -> None:
    """What ``python3 packaging/i18n.py check`` (and the build) run: no missing, unfinished or broken entry, and
    each shipped .qm is exactly what the .ts compiles to."""
    assert i18n.check() == []


def test_every_string_in_the_code_is_in_each_translation(i18n: ModuleType) -> None:
    missing = i18n.missing()
    assert missing == {"zh_CN": [], "fa": [], "en": []}  # en: the plural forms of the English source


def test_a_new_untranslated_string_is_reported(i18n: ModuleType, tmp_path: Path) -> None:
    """The check really sees new strings: a window with one more ``tr()``, a count and one more table entry."""
    page = tmp_path / "new_page.py"
    page.write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "from app.ui.i18n import QT_TRANSLATE_NOOP\n"
        "TITLES = (QT_TRANSLATE_NOOP('NewPage', 'A title nobody translated'),)\n"
        "class NewPage(QWidget):\n"
        "    def label(self) -> str:\n"
        "        return self.tr('A label nobody translated')\n"
        "    def count(self, n: int) -> str:\n"
        "        return self.tr('%n thing(s) nobody translated', '', n)\n",
        encoding="utf-8",
    )
    missing = i18n.missing([*i18n.sources(), page])
    plural = ("NewPage", "%n thing(s) nobody translated")
    for code in ("zh_CN", "fa"):
        assert missing[code] == [plural, ("NewPage", "A label nobody translated"),
                                 ("NewPage", "A title nobody translated")]
    assert missing["en"] == [plural]  # English needs only its plural forms


def test_each_translation_keeps_placeholders_and_plural_forms(i18n: ModuleType) -> None:
    for code in ("zh_CN", "fa", "en"):
        tree = ET.parse(i18n.ts_path(code))
        assert tree.getroot().get("language") == code
        plurals = [m for m in tree.iter("message") if m.get("numerus") == "yes"]
        assert plurals, "counts are shown with plural forms (%n)"
        for message in plurals:
            forms = [f.text or "" for f in message.iter("numerusform")]
            assert forms and all("%n" in f for f in forms), (code, message.findtext("source"), forms)
        assert i18n.broken(code) == []


def test_broken_translations_are_reported(i18n: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A translation that drops a placeholder or an accelerator is named by ``check``."""
    ts = tmp_path / "xinference_manager_fa.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="fa">\n'
        "<context><name>X</name>\n"
        "<message><source>Launch {0}</source><translation>اجرا</translation></message>\n"
        "<message><source>&amp;Quit</source><translation>خروج</translation></message>\n"
        "<message><source>UID %s copied</source><translation>UID %s کپی شد</translation></message>\n"
        "</context></TS>\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "I18N", tmp_path)
    problems = i18n.broken("fa")
    assert len(problems) == 2
    assert "placeholders differ" in problems[0] and "Launch {0}" in problems[0]
    assert "accelerator" in problems[1] and "&Quit" in problems[1]


def test_compiled_translations_are_package_data() -> None:
    """The .qm files sit where the app loads them from (``app.resources.i18n``) and pyproject ships them."""
    for code in ("zh_CN", "fa", "en"):
        qm = ROOT / "resources" / "i18n" / f"xinference_manager_{code}.qm"
        assert qm.stat().st_size > (100 if code == "en" else 1000)
    assert '"app.resources.i18n" = ["*.qm"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
