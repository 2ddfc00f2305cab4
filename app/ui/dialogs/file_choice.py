"""File and folder choosers that never block: ``QFileDialog.open()`` and a callback, not the static helpers.

``QFileDialog.getOpenFileName`` runs a nested event loop; inside a qasync slot that re-enters the asyncio loop
while a task is mid-step (the trap in qasync's tracker), and even in a plain slot it freezes every timer-driven
coroutine's ordering. ``open()`` shows the same window-modal dialog and returns at once; the choice arrives by signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget


def _open(dialog: QFileDialog, on_chosen: Callable[[str], object]) -> QFileDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: on_chosen(path) if path else None)
    dialog.open()
    return dialog


def choose_file(
    parent: QWidget, title: str, on_chosen: Callable[[str], object], name_filter: str = ""
) -> QFileDialog:
    """Show a file chooser; ``on_chosen(path)`` runs when the user picks a file (nothing on Cancel)."""
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if name_filter:
        dialog.setNameFilter(name_filter)
    return _open(dialog, on_chosen)


def choose_folder(parent: QWidget, title: str, on_chosen: Callable[[str], object]) -> QFileDialog:
    """Show a folder chooser; ``on_chosen(path)`` runs when the user picks a folder (nothing on Cancel)."""
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return _open(dialog, on_chosen)


def choose_save_file(parent: QWidget, title: str, on_chosen: Callable[[str], object], name_filter: str = "",
                     suggested: str = "") -> QFileDialog:
    """Show a "save as" chooser (it asks before overwriting); ``on_chosen(path)`` runs when the user confirms."""
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if name_filter:
        dialog.setNameFilter(name_filter)
    if suggested:
        dialog.selectFile(suggested)
    return _open(dialog, on_chosen)
