"""Sizes that never cut text: columns as wide as their headers, fields as wide as their placeholders, dialogs as
tall as their wrapped text needs at the width they are given."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

_REFIT_EVENTS = (QEvent.Type.Show, QEvent.Type.StyleChange, QEvent.Type.FontChange)


def fit_column_widths(view: QTableView, widths: Sequence[int] = ()) -> None:
    """Give each column ``widths[column]`` (or its present width), widened to what its header's text needs.

    Fixed widths chosen in English cut longer titles ("Typ…" for "Type" beside its sort arrow, most Persian
    titles). The widths are checked again when the view is shown or restyled: the window's style sheet, set after
    the pages are built, makes the titles wider."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        want = widths[column] if column < len(widths) else header.sectionSize(column)
        header.resizeSection(column, max(want, header.sectionSizeFromContents(column).width()))
    if view.findChild(_Refit) is None:
        view.installEventFilter(_Refit(view))


class _Refit(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.view and event.type() in _REFIT_EVENTS:
            fit_column_widths(self.view)
        return False


def fit_placeholder(edit: QLineEdit) -> None:
    """At least as wide as the placeholder text: an example cut in the middle explains nothing."""
    margins = edit.textMargins()
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + margins.left()
                         + margins.right() + 16)


def keep_wrapped_text_whole(window: QWidget) -> None:
    """Make a window's (or a splitter pane's) minimum height follow its width, as its word-wrapped labels need.

    Qt sizes a top-level window's minimum, and a splitter its panes, without height-for-width: narrowed, a dialog
    kept its height and cut its wrapped lines (the About dialog's paths showed one line of three)."""
    if window.findChild(_HeightForWidth) is None:
        window.installEventFilter(_HeightForWidth(window))


class _HeightForWidth(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # LayoutRequest: a label's new text changes the height it needs without resizing the window.
        if watched is not self.window or event.type() not in (QEvent.Type.Resize, QEvent.Type.Show,
                                                               QEvent.Type.LayoutRequest):
            return False  # before touching the window: other events come while it is being destroyed
        layout = self.window.layout()
        if layout is not None and layout.hasHeightForWidth():
            need = max(layout.totalMinimumSize().height(), layout.totalHeightForWidth(self.window.width()))
            if need != self.window.minimumHeight():
                self.window.setMinimumHeight(need)
        return False
