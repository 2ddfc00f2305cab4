"""Find widgets that show less than they need: a button, label or header cut short, or a label's text elided.

Used by ``test_no_clipped_widget.py``; a helper of its own so that a test of one dialog can call it too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

ELLIPSIS = "…"


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
    chain = []
    w: QWidget | None = widget
    while w is not None and len(chain) < 4:
        chain.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return f"{'/'.join(reversed(chain))} {text[:60]!r}"


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"wrapped text needs {need} px of height, has {label.height()}"
        return None
    hint = label.sizeHint()
    if label.width() + 1 < hint.width():
        return f"needs {hint.width()} px of width, has {label.width()}"
    if label.height() + 1 < hint.height():
        return f"needs {hint.height()} px of height, has {label.height()}"
    if text.endswith(ELLIPSIS) and label.toolTip() and not label.toolTip().endswith(ELLIPSIS):
        return "its text is elided"
    return None


def button_problem(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    hint = button.minimumSizeHint() if button.hasHeightForWidth() else button.sizeHint()
    if button.width() + 1 < hint.width():
        return f"needs {hint.width()} px of width, has {button.width()}"
    need = button.heightForWidth(button.width()) if button.hasHeightForWidth() else hint.height()
    if button.height() + 1 < need:
        return f"needs {need} px of height, has {button.height()}"
    return None


def line_edit_problem(edit: QLineEdit) -> str | None:
    """An empty field too narrow for its placeholder (the example it gives is cut)."""
    placeholder = edit.placeholderText()
    if not placeholder or edit.text():
        return None
    margins = edit.textMargins()
    need = edit.fontMetrics().horizontalAdvance(placeholder) + margins.left() + margins.right() + 12
    if edit.width() < need:
        return f"its placeholder {placeholder[:40]!r} needs {need} px, has {edit.width()}"
    return None


def header_problems(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    found = []
    stretch_last = header.stretchLastSection()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if text in (None, ""):
            found.append(f"column {section} has no header")
            continue
        need = header.sectionSizeFromContents(section).width()
        have = header.sectionSize(section)
        if section == header.count() - 1 and stretch_last:
            have = max(have, header.viewport().width() - header.sectionPosition(section))
        if have + 1 < need:
            found.append(f"header {text!r} needs {need} px, has {have}")
    return found


def clipped(root: QWidget) -> list[str]:
    """Every visible button, label and header under ``root`` that shows less than its size hint."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget):
            continue
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = button_problem(widget)
        elif isinstance(widget, QLineEdit) and widget.parentWidget() is not None and not isinstance(
                widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            problem = line_edit_problem(widget)
        elif isinstance(widget, QHeaderView):
            found += [f"{_name(widget)}: {p}" for p in header_problems(widget)]
        elif isinstance(widget, QTableView):
            header = widget.horizontalHeader()
            if not header.isHidden() and header.height() + 1 < header.sizeHint().height():
                found.append(f"{_name(widget)}: its header is {header.height()} px tall, needs "
                             f"{header.sizeHint().height()}")
        if problem:
            found.append(f"{_name(widget)}: {problem}")
    return found
