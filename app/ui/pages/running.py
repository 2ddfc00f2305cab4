"""The Running models page: a live table of what the server runs, with Copy UID, Dify settings, Terminate, a quick
"Try it", and entry points to launch or register a model without the catalog."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.dify import dify_settings_block, server_url_for_dify
from app.core.errors import ManagerError
from app.core.models import RunningRow, registered_family, running_rows, try_model
from app.core.server import ModelFailure
from app.ui.async_slot import guarded_slot, spawn
from app.ui.context import AppContext
from app.ui.dialogs.launch_dialog import LaunchDialog
from app.ui.dialogs.model_sets import ModelSetsDialog
from app.ui.dialogs.rag_starter import RagStarterDialog
from app.ui.dialogs.register_dialog import ModelPickerDialog, RegisterDialog
from app.ui.models.running_model import COPY_COLUMN, RunningModelsModel
from app.ui.widgets.sizing import fit_column_widths

log = logging.getLogger(__name__)
REFRESH_MS = 3000
STALE_READY_S = 30.0  # a list read in the moment of a death may still say READY; after this, READY is believed


@dataclass
class _Failure:
    text: str
    seen_down: bool = False  # a refresh has shown the model not READY since its death
    at: float = field(default_factory=time.monotonic)

    def back_again(self) -> bool:
        """READY now means it runs again (relaunched, or recreated by Xinference), not a list read too early."""
        return self.seen_down or time.monotonic() - self.at > STALE_READY_S


class RunningPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = RunningModelsModel(self)
        self.login_on = False
        self.last_error: ManagerError | None = None
        self.dialogs: list[Any] = []  # open non-modal dialogs (kept referenced; tests drive them)
        self.confirm: QMessageBox | None = None
        self._refreshing = False
        self._refresh_task: asyncio.Task[Any] | None = None
        # Models whose process died (uid → the sentence): said above the table until the model runs again.
        self.failures: dict[str, _Failure] = {}
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.server_changed.connect(self.refresh)
        ctx.model_failed.connect(self._model_failed)
        for failure, when in ctx.model_failures:  # reported before this page was first shown
            self._model_failed(failure, when)

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this page's slots."""
        self.banner.setText(f"{message} ({hint})" if hint else message)

    def _build(self) -> None:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        # Sized to the contents after each refresh (ResizeToContents misjudges while the page is hidden), then
        # left to the user; the UID column is the one people need whole.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The last column holds a Copy UID button per row: stretched, one button spanned the whole row.
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.verticalHeader().setVisible(False)
        fit_column_widths(self.view)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.rowsInserted.connect(self._add_copy_buttons)
        QShortcut(QKeySequence.StandardKey.Copy, self.view, self.copy_selected_uid,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        bar = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.launch_button = QPushButton(self.tr("Launch..."))
        self.register_button = QPushButton(self.tr("Register local model..."))
        self.copy_button = QPushButton(self.tr("Copy UID"))
        self.dify_copy_button = QPushButton(self.tr("Copy Dify settings"))
        self.dify_test_button = QPushButton(self.tr("Test in Dify panel"))
        self.terminate_button = QPushButton(self.tr("Terminate..."))
        self.rag_button = QPushButton(self.tr("Set up for Dify..."))
        self.rag_button.setToolTip(self.tr("Launch a chat model, an embedding model and a reranker that fit this "
                                           "machine, and check each one as Dify would"))
        self.rag_button.clicked.connect(self.open_rag_starter)
        self.sets_button = QPushButton(self.tr("Model sets..."))
        self.sets_button.setToolTip(self.tr("Save the running models as a set, apply a set, restore one when the "
                                            "server starts"))
        self.sets_button.clicked.connect(self.open_sets)
        self.refresh_button.clicked.connect(self.refresh)
        self.launch_button.clicked.connect(self.open_launch_picker)
        self.register_button.clicked.connect(self.open_register)
        self.copy_button.clicked.connect(self.copy_selected_uid)
        self.dify_copy_button.clicked.connect(self.copy_dify_settings)
        self.dify_test_button.clicked.connect(self.test_in_dify)
        self.terminate_button.clicked.connect(self.ask_terminate)
        # Two rows (the server's models, then the selected one): in one row the nine buttons made the window at
        # least 1240 px wide.
        for b in (self.rag_button, self.sets_button, self.refresh_button, self.launch_button, self.register_button):
            bar.addWidget(b)
        bar.addStretch(1)
        selected_bar = QHBoxLayout()
        for b in (self.copy_button, self.dify_copy_button, self.dify_test_button, self.terminate_button):
            selected_bar.addWidget(b)
        selected_bar.addStretch(1)
        # An empty table said nothing: the server answered, and runs no model.
        self.empty = QLabel(self.tr("No model is running on this server. Launch one with Launch… or from the "
                                    "Catalog page."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("running-empty")
        self.empty.hide()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b00020")
        self.notice = QLabel()  # confirmations (a model registered), in the text colour: not an error
        self.notice.setObjectName("running_notice")
        self.notice.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        try_row = QHBoxLayout()
        self.try_input = QLineEdit()
        self.try_input.setPlaceholderText(self.tr("Try it: a chat message, a text to embed, or a rerank query"))
        self.try_button = QPushButton(self.tr("Send"))
        self.try_button.clicked.connect(self.try_selected)
        self.try_input.returnPressed.connect(self.try_selected)
        try_row.addWidget(self.try_input, 1)
        try_row.addWidget(self.try_button)
        self.try_output = QPlainTextEdit()
        self.try_output.setReadOnly(True)
        self.try_output.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(selected_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addLayout(try_row)
        layout.addWidget(self.try_output)
        self._selection_changed()

    # -- refresh -----------------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._timer.start()  # refresh only while visible: no polling a server nobody looks at
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().hideEvent(event)

    @guarded_slot()
    async def refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        if self._refreshing:
            return
        self._refreshing = True
        self._refresh_task = asyncio.current_task()
        client = self.ctx.client()
        try:
            rows = await running_rows(client)
            try:
                self.login_on = (await client.auth_info()).auth
            except ManagerError:
                pass
        except ManagerError as exc:
            self.last_error = exc
            self.failures.clear()  # the server is gone or refuses: its models' old failures are not the news
            self.banner.setText(exc.one_line())
            self.model.set_rows([])
            self.empty.hide()  # the banner says why the table is empty
        else:
            self.last_error = None
            ready = {r.uid for r in rows if r.status.upper() == "READY"}
            for uid, failure in list(self.failures.items()):
                if uid not in ready:
                    failure.seen_down = True
                elif failure.back_again():
                    del self.failures[uid]
            self._show_failures()
            self.model.set_rows(rows)
            self.empty.setVisible(not rows)
            self._fit_columns()
        finally:
            self._refreshing = False
            self._refresh_task = None
        self._selection_changed()

    def _model_failed(self, failure: ModelFailure, when: float | None = None) -> None:
        """A model's process died: say it here in the supervisor's words (its row turns ERROR, then vanishes)."""
        self.failures[failure.model_uid] = _Failure(f"{failure.describe()} {failure.hint()}",
                                                    at=when if when is not None else time.monotonic())
        self._show_failures()

    def _show_failures(self) -> None:
        self.banner.setText("\n".join(f.text for f in self.failures.values()))

    def _fit_columns(self) -> None:
        if self.isVisible():
            self.view.resizeColumnsToContents()
            fit_column_widths(self.view)

    def _add_copy_buttons(self, _parent: QModelIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            index = QPersistentModelIndex(self.model.index(row, COPY_COLUMN))
            button = QToolButton()
            button.setText(self.tr("Copy UID"))
            button.setObjectName("copy-uid")
            # A persistent index follows its row through insertions and removals above it.
            button.clicked.connect(lambda _=False, idx=index: self._copy_row_uid(idx))
            self.view.setIndexWidget(self.model.index(row, COPY_COLUMN), button)

    # -- selection and actions ---------------------------------------------------------------------------------

    def selected(self) -> RunningRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_uid(self, uid: str) -> bool:
        row = self.model.row_of(uid)
        if row >= 0:
            self.view.selectRow(row)
        return row >= 0

    def _selection_changed(self, *_: Any) -> None:
        row = self.selected()
        for b in (self.copy_button, self.dify_copy_button, self.dify_test_button, self.terminate_button,
                  self.try_button):
            b.setEnabled(row is not None)
        if row is None:
            self.details.setText(self.tr("Select a model to see its details."))
            return
        replicas = ", ".join(row.replica_uids) or "-"
        self.details.setText(self.tr(
            "UID for clients and Dify: {0}   |   internal replica names (do not use in Dify): {1}   |   "
            "context length: {2}"
        ).format(row.uid, replicas, row.context_length or "-"))

    def _copy(self, uid: str) -> None:
        QGuiApplication.clipboard().setText(uid)
        self.ctx.toast.emit(self.tr("Copied UID {0}").format(uid))

    def _copy_row_uid(self, index: QPersistentModelIndex) -> None:
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is not None:
            # The row's button selects its row too, so the toolbar (Dify settings, Test, Terminate) follows.
            self.view.selectRow(index.row())
            self._copy(row.uid)

    def copy_selected_uid(self) -> None:
        row = self.selected()
        if row is not None:
            self._copy(row.uid)

    def copy_dify_settings(self) -> None:
        row = self.selected()
        if row is None:
            return
        # The URL as Dify reaches this server from where it runs (the profile's answer; this machine if none).
        text = dify_settings_block(row.to_model(), self.ctx.endpoint, self.login_on, self.ctx.dify_location)
        QGuiApplication.clipboard().setText(text)
        self.ctx.toast.emit(self.tr("Copied Dify settings for {0}").format(row.uid))

    def test_in_dify(self) -> None:
        row = self.selected()
        if row is not None:
            url = server_url_for_dify(self.ctx.endpoint, self.ctx.dify_location)
            self.ctx.request_page("dify", {"server_url": url, "model_uid": row.uid,
                                           "model_type": row.model_type, "model_name": row.model_name})

    def ask_terminate(self) -> None:
        row = self.selected()
        if row is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Terminate model"),
                          self.tr("Stop {0}? Clients using this UID (Dify included) will get errors.").format(
                              row.uid),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        # Not exec(): a nested loop inside qasync breaks; open() and react to the answer instead.
        box.finished.connect(lambda result, uid=row.uid: self._terminate_answered(result, uid))
        self.confirm = box
        box.open()

    def _terminate_answered(self, result: int, uid: str) -> None:
        self.confirm = None
        if result == QMessageBox.StandardButton.Yes:
            self._pending = spawn(self, self.terminate(uid))

    async def terminate(self, uid: str) -> None:
        self.terminate_button.setEnabled(False)
        try:
            await self.ctx.client().terminate(uid)
            self.ctx.toast.emit(self.tr("Terminated {0}").format(uid))
        except ManagerError as exc:
            self.banner.setText(exc.one_line())
        finally:
            self.terminate_button.setEnabled(True)
        await self.reload()

    @guarded_slot()
    async def try_selected(self) -> None:
        row = self.selected()
        text = self.try_input.text().strip() or "Hello"
        if row is None:
            return
        self.try_button.setEnabled(False)
        self.try_output.setPlainText(self.tr("Waiting for {0}...").format(row.uid))
        try:
            result = await try_model(self.ctx.client(), row, text)
            self.try_output.setPlainText(self.tr("{0}\n\n({1:.0f} ms)").format(result.text, result.seconds * 1000))
        except ManagerError as exc:
            self.try_output.setPlainText(exc.one_line())
        except (KeyError, IndexError, TypeError) as exc:
            self.try_output.setPlainText(self.tr("Unexpected answer: {0}").format(exc))
        finally:
            self.try_button.setEnabled(True)

    # -- launching and registering -----------------------------------------------------------------------------

    def _keep(self, dialog: Any) -> Any:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        return dialog

    def _forget(self, dialog: Any) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)

    def open_launch_picker(self) -> None:
        picker = self._keep(ModelPickerDialog(self.ctx, self))
        picker.chosen.connect(self._launch_registered)
        picker.open()

    def open_rag_starter(self) -> RagStarterDialog:
        dialog = self._keep(RagStarterDialog(self.ctx, self))
        dialog.checked.connect(lambda _ok: self.refresh())
        dialog.open()
        return dialog

    def open_sets(self) -> ModelSetsDialog:
        dialog = self._keep(ModelSetsDialog(self.ctx, self))
        dialog.open()
        return dialog

    def open_register(self) -> None:
        dialog = self._keep(RegisterDialog(self.ctx, self))
        dialog.registered.connect(self._registered)
        dialog.open()

    def prefill(self, payload: dict[str, Any]) -> None:
        """Another page hands over: ``launch_registered`` [type, name] opens the Launch dialog for that model."""
        wanted = payload.get("launch_registered")
        if isinstance(wanted, list | tuple) and len(wanted) == 2:
            self._launch_registered(str(wanted[0]), str(wanted[1]))

    def _registered(self, model_type: str, name: str, launch_now: bool) -> None:
        # The dialog has closed: say here that it worked, and show the server's state now, not at the next poll.
        self.notice.setText(self.tr("Registered {name} ({type}). Launch it with Launch… whenever you need it.")
                            .format(name=name, type=model_type))
        self.refresh()
        if launch_now:
            self._launch_registered(model_type, name)

    @guarded_slot(str, str)
    async def _launch_registered(self, model_type: str, name: str) -> None:
        try:
            family = await registered_family(self.ctx.client(), model_type, name)
        except ManagerError as exc:
            self.banner.setText(exc.one_line())
            return
        self.open_launch_dialog(family)

    def open_launch_dialog(self, family: dict[str, Any], spec: dict[str, Any] | None = None) -> LaunchDialog:
        dialog = self._keep(LaunchDialog(self.ctx, family, spec, self))
        dialog.launched.connect(self._launched)
        dialog.open()
        return dialog

    def _launched(self, _uid: str) -> None:
        self.refresh()

    async def aclose(self) -> None:
        self._timer.stop()
        # A refresh still in flight would write into widgets that are about to go away.
        task = self._refresh_task
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for dialog in list(self.dialogs):
            dialog.close()
