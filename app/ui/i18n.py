"""Languages: English (the source), Simplified Chinese and Persian, through Qt's translation system.

The language follows the system unless the user chose one (Settings → Language, remembered in settings). Persian
lays out right to left. English is the source text; its small catalog holds only plural forms. The compiled ``.qm``
files ship in ``resources/i18n`` (``packaging/i18n.py`` regenerates the ``.ts`` sources and compiles them); Qt's own
translations (standard buttons, file dialogs) come with PySide6.
"""

from __future__ import annotations

import logging
from importlib.resources import as_file

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from app.resource_files import resource

log = logging.getLogger(__name__)

# code -> the language's own name (shown in the menu in that language, as people look for their own)
LANGUAGES = {"en": "English", "zh_CN": "简体中文", "fa": "فارسی"}
RIGHT_TO_LEFT = {"fa"}
CATALOG = "xinference_manager"

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``source`` for lupdate under ``context`` and return it unchanged: for module-level tables, whose English
    text is the key and which are translated when shown (``self.tr(text)`` in a class named ``context``, or
    ``QCoreApplication.translate(context, text)``). Qt's own has the same name but is typed ``object``."""
    return source


def system_language(locale: QLocale | None = None) -> str:
    """The shipped language closest to the system's locale, English when none matches."""
    locale = locale or QLocale.system()
    name = locale.name()  # e.g. "zh_CN", "fa_IR", "en_US"
    if name in LANGUAGES:
        return name
    base = name.split("_")[0]
    if base == "zh":
        return "zh_CN"
    return base if base in LANGUAGES else "en"


def resolve(choice: str | None) -> str:
    """The setting ("" or None: follow the system) -> a shipped language code."""
    return choice if choice in LANGUAGES else system_language()


def qm_name(code: str) -> str:
    return f"i18n/{CATALOG}_{code}.qm"


def install(app: QApplication, choice: str | None) -> str:
    """Load the translators for ``choice`` into ``app`` and set the layout direction; returns the language used."""
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    code = resolve(choice)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if code in RIGHT_TO_LEFT else Qt.LayoutDirection.LeftToRight)
    # English is the source text; its catalog only holds plural forms ("1 line", "2 lines"), Qt's own is not needed.
    ours = QTranslator(app)
    with as_file(resource(qm_name(code))) as path:
        if ours.load(str(path)):
            QCoreApplication.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("the %s translation is missing from this install (%s)", LANGUAGES[code], path)
    if code == "en":
        return code
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        QCoreApplication.installTranslator(qt_own)
        _installed.append(qt_own)
    return code
