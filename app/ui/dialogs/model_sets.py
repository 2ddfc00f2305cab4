"""ModelSetsDialog ("Model sets…", Running page): the profile's sets: save the running models as one, rename, edit
(remove a model, change a UID), delete, export, import, apply with progress and Cancel, and the set to restore
whenever the server starts. Every change goes through the sets core (``app.core.models``) and is saved at once; a
malformed file or name is one line in the dialog and changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import InvalidInput, ManagerError
from app.core.models import (
    ModelSet,
    SetProgress,
    apply_set,
    delete_set,
    export_set,
    get_set,
    list_sets,
    read_set_file,
    rename_set,
    set_from_running,
    set_restore_on_start,
    store_set,
    validate_uid,
)
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.dialogs.file_choice import choose_file, choose_save_file
from app.ui.widgets.sizing import keep_wrapped_text_whole

log = logging.getLogger(__name__)


def suggested_name(existing: list[str]) -> str:
    base, n = "my-models", 1
    name = base
    while name in existing:
        n += 1
        name = f"{base}-{n}"
    return name


class ModelSetsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Model sets"))
        self.setMinimumWidth(640)
        keep_wrapped_text_whole(self)
        self.applying = False
        self._cancel = asyncio.Event()
        self.input: QInputDialog | None = None  # the open name question (tests answer it)
        self._build()
        self.reload()
        ctx.settings_changed.connect(self._settings_changed)  # a set saved from the CLI shows while this is open

    def _build(self) -> None:
        self.sets = QListWidget()
        self.sets.currentRowChanged.connect(lambda _r: self._show_set())
        self.models = QListWidget()
        self.uid_edit = QLineEdit()
        self.uid_edit.setPlaceholderText(self.tr("UID of the selected model"))
        self.models.currentRowChanged.connect(self._model_selected)
        self.save_button = QPushButton(self.tr("Save running models as a set..."))
        self.rename_button = QPushButton(self.tr("Rename..."))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.export_button = QPushButton(self.tr("Export..."))
        self.import_button = QPushButton(self.tr("Import..."))
        self.apply_button = QPushButton(self.tr("Apply set"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.remove_model_button = QPushButton(self.tr("Remove model"))
        self.uid_button = QPushButton(self.tr("Change UID"))
        self.close_button = QPushButton(self.tr("Close"))
        self.save_button.clicked.connect(self.ask_save)
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button.clicked.connect(self.delete_current)
        self.export_button.clicked.connect(self.ask_export)
        self.import_button.clicked.connect(self.ask_import)
        self.apply_button.clicked.connect(self.apply_current)
        self.cancel_button.clicked.connect(self._cancel.set)
        self.remove_model_button.clicked.connect(self.remove_model)
        self.uid_button.clicked.connect(self.change_uid)
        self.close_button.clicked.connect(self.reject)
        self.restore = QComboBox()
        self.restore.currentIndexChanged.connect(self._restore_changed)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        for b in (self.save_button, self.import_button, self.export_button, self.rename_button, self.delete_button):
            top.addWidget(b)
        lists = QHBoxLayout()
        lists.addWidget(self.sets, 1)
        right = QVBoxLayout()
        right.addWidget(self.models, 1)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.uid_edit, 1)
        edit_row.addWidget(self.uid_button)
        edit_row.addWidget(self.remove_model_button)
        right.addLayout(edit_row)
        lists.addLayout(right, 2)
        form = QFormLayout()
        form.addRow(self.tr("Restore when the server starts"), self.restore)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for b in (self.apply_button, self.cancel_button, self.close_button):
            bottom.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(lists, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this dialog's slots (and every refused change)."""
        self.message.setText(f"{message} ({hint})" if hint else message)
        self.message.setStyleSheet("color: #b00020")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("")

    # -- showing -------------------------------------------------------------------------------------------------

    def _settings_changed(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        profile = self.ctx.settings.profile
        names = [s.name for s in list_sets(profile)]
        current = select or self.current_name()
        self.sets.blockSignals(True)
        self.sets.clear()
        self.sets.addItems(names)
        self.sets.blockSignals(False)
        if names:
            self.sets.setCurrentRow(names.index(current) if current in names else 0)
        self.restore.blockSignals(True)
        self.restore.clear()
        self.restore.addItem(self.tr("none"), "")
        for name in names:
            self.restore.addItem(name, name)
        self.restore.setCurrentIndex(max(0, self.restore.findData(profile.restore_set)))
        self.restore.blockSignals(False)
        self._show_set()

    def current_name(self) -> str:
        item = self.sets.currentItem()
        return item.text() if item is not None else ""

    def current_set(self) -> ModelSet | None:
        name = self.current_name()
        return get_set(self.ctx.settings.profile, name) if name else None

    def _show_set(self) -> None:
        model_set = self.current_set()
        self.models.clear()
        for m in model_set.models if model_set else ():
            self.models.addItem(f"{m.model_uid}  —  {m.model_name} ({m.model_type}"
                                f"{', ' + m.model_engine if m.model_engine else ''})")
        has = model_set is not None
        for b in (self.rename_button, self.delete_button, self.export_button):
            b.setEnabled(has and not self.applying)
        self.apply_button.setEnabled(has and bool(model_set and model_set.models) and not self.applying)
        self.cancel_button.setEnabled(self.applying)
        self._model_selected(self.models.currentRow())

    def _model_selected(self, row: int) -> None:
        model_set = self.current_set()
        ok = model_set is not None and 0 <= row < len(model_set.models) and not self.applying
        self.uid_edit.setText(model_set.models[row].model_uid if ok and model_set else "")
        for w in (self.uid_edit, self.uid_button, self.remove_model_button):
            w.setEnabled(ok)

    # -- changes (each saved at once) ----------------------------------------------------------------------------

    def _commit(self, change: Any, select: str | None = None) -> bool:
        """Run a change of the profile; a refused one is said in the dialog and nothing is saved."""
        try:
            change()
        except InvalidInput as exc:
            self.show_error(exc.message, exc.hint)
            return False
        self.ctx.settings.save()
        self.reload(select)
        return True

    def _ask_name(self, title: str, label: str, text: str, then: Any) -> None:
        box = QInputDialog(self)
        box.setWindowTitle(title)
        box.setLabelText(label)
        box.setTextValue(text)
        # Not exec(): a nested loop inside qasync breaks; open() and react to the answer.
        box.textValueSelected.connect(then)
        box.finished.connect(lambda _r: setattr(self, "input", None))
        self.input = box
        box.open()

    def ask_save(self) -> None:
        existing = [s.name for s in list_sets(self.ctx.settings.profile)]
        self._ask_name(self.tr("Save running models as a set"), self.tr("Name of the set"),
                       suggested_name(existing), self._save_running)

    @guarded_slot(str)
    async def _save_running(self, name: str) -> None:
        profile = self.ctx.settings.profile
        try:
            earlier = get_set(profile, name) if name.strip() in {s.name for s in list_sets(profile)} else None
            model_set = await set_from_running(self.ctx.client(), name, earlier)
        except ManagerError as exc:
            self.show_error(exc.message, exc.hint)
            return
        if not model_set.models:
            self.show_error(self.tr("No model is running"), self.tr("Launch the models first, then save them."))
            return
        if self._commit(lambda: store_set(profile, model_set, replace_existing=earlier is not None),
                        model_set.name):
            self._say(self.tr("Saved {0} models as “{1}”.").format(len(model_set.models), model_set.name))

    def ask_rename(self) -> None:
        old = self.current_name()
        if old:
            self._ask_name(self.tr("Rename set"), self.tr("New name"), old,
                           lambda new: self._commit(lambda: rename_set(self.ctx.settings.profile, old, new),
                                                    new.strip()))

    def delete_current(self) -> None:
        name = self.current_name()
        if name and self._commit(lambda: delete_set(self.ctx.settings.profile, name)):
            self._say(self.tr("Deleted “{0}”.").format(name))

    def _edit(self, change: Any) -> None:
        model_set, row = self.current_set(), self.models.currentRow()
        if model_set is None or not 0 <= row < len(model_set.models):
            return
        models = list(model_set.models)
        change(models, row)
        edited = replace(model_set, models=tuple(models))
        if self._commit(lambda: store_set(self.ctx.settings.profile, edited, replace_existing=True), model_set.name):
            self.models.setCurrentRow(min(row, self.models.count() - 1))  # keep editing where the user was

    def remove_model(self) -> None:
        self._edit(lambda models, row: models.pop(row))

    def change_uid(self) -> None:
        uid = self.uid_edit.text()
        try:
            uid = validate_uid(uid)
            if not uid:
                raise InvalidInput(self.tr("A model of a set needs a UID"),
                                   self.tr("Sets relaunch models under their UIDs."))
        except InvalidInput as exc:
            self.show_error(exc.message, exc.hint)
            return

        def change(models: list[Any], row: int) -> None:
            models[row] = replace(models[row], model_uid=uid)

        self._edit(change)

    def _restore_changed(self, _index: int) -> None:
        name = str(self.restore.currentData() or "")
        self._commit(lambda: set_restore_on_start(self.ctx.settings.profile, name or None), self.current_name())

    # -- files ---------------------------------------------------------------------------------------------------

    def ask_export(self) -> None:
        model_set = self.current_set()
        if model_set is not None:
            choose_save_file(self, self.tr("Export model set"), lambda path: self.export_to(model_set, path),
                             "JSON (*.json)", f"{model_set.name}.json")

    def export_to(self, model_set: ModelSet, path: str) -> None:
        try:
            target = export_set(model_set, path)
        except InvalidInput as exc:
            self.show_error(exc.message, exc.hint)
            return
        self._say(self.tr("Exported “{0}” to {1}.").format(model_set.name, target))

    def ask_import(self) -> None:
        choose_file(self, self.tr("Import model set"), self.import_from, self.tr("JSON (*.json);;All files (*)"))

    def import_from(self, path: str) -> bool:
        """Read and validate the whole file first; a malformed one changes nothing."""
        try:
            model_set = read_set_file(path)
        except InvalidInput as exc:
            self.show_error(exc.message, exc.hint)
            return False
        if self._commit(lambda: store_set(self.ctx.settings.profile, model_set), model_set.name):
            self._say(self.tr("Imported “{0}” ({1} models).").format(model_set.name, len(model_set.models)))
            return True
        return False

    # -- applying ------------------------------------------------------------------------------------------------

    @guarded_slot()
    async def apply_current(self) -> None:
        model_set = self.current_set()
        if model_set is None or self.applying:
            return
        self.applying = True
        self._cancel.clear()
        self._show_set()
        lines = [f"{m.model_uid}: {self.tr('waiting')}" for m in model_set.models]
        outcomes: list[SetProgress] = []
        try:
            async for step in apply_set(self.ctx.client(), model_set, cancel=self._cancel):
                lines[step.index] = step.line("gui")
                self.progress.setText("\n".join(lines))
                if step.final:
                    outcomes.append(step)
        finally:
            self.applying = False
            self._show_set()
        done = sum(1 for o in outcomes if o.state in ("launched", "already running"))
        self._say(self.tr("{0} of {1} models run.").format(done, len(outcomes)))
        self.ctx.notify_server_changed()

    def reject(self) -> None:
        self._cancel.set()  # closing while applying cancels the model loading, not the models already running
        super().reject()
