"""RegisterDialog: register a model from a local folder or file; ModelPickerDialog: pick a registered model to
launch (or a custom one to unregister) without going through the catalog."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.api import MODEL_TYPES
from app.core.errors import ManagerError
from app.core.models import (
    REGISTRABLE_TYPES,
    DetectedModel,
    build_family,
    detect_local_model,
    validate_model_name,
)
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.dialogs.file_choice import choose_file, choose_folder
from app.ui.widgets.sizing import fit_placeholder, keep_wrapped_text_whole


class RegisterDialog(QDialog):
    """Emits ``registered(model_type, name, launch_now)`` after the server accepted the registration."""

    registered = Signal(str, str, bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Register a local model"))
        keep_wrapped_text_whole(self)
        self.model_type = QComboBox()
        self.model_type.addItems(list(REGISTRABLE_TYPES))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. my-qwen (letters, digits, . _ -)"))
        self.name_error = QLabel()
        self.name_error.setStyleSheet("color: #b00020")
        self.name_error.setVisible(False)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("folder with config.json and weights, or a .gguf file"))
        fit_placeholder(self.path)
        self.detected_label = QLabel()
        self.detected_label.setWordWrap(True)
        self.detected: DetectedModel | None = None
        self._suggested_name = ""  # the name last filled in from a path: replaced by the next, unlike a typed one
        browse_dir = QPushButton(self.tr("Folder..."))
        browse_file = QPushButton(self.tr("File..."))
        browse_dir.clicked.connect(self._browse_dir)
        browse_file.clicked.connect(self._browse_file)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse_dir)
        path_row.addWidget(browse_file)
        self.family = QComboBox()
        self.family.setEditable(True)
        self.family.setToolTip(self.tr("The builtin LLM family it is based on: its chat template is used."))
        self.family_label = QLabel(self.tr("Model family"))
        self.persist = QCheckBox(self.tr("Keep after the server restarts"))
        self.persist.setChecked(True)
        self.launch_after = QCheckBox(self.tr("Open the Launch dialog afterwards"))
        self.launch_after.setChecked(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.model_type)
        form.addRow(self.tr("Path"), path_row)
        form.addRow("", self.detected_label)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.name_error)
        form.addRow(self.family_label, self.family)
        form.addRow("", self.persist)
        form.addRow("", self.launch_after)
        buttons = QDialogButtonBox()
        self.register_button = buttons.addButton(self.tr("Register"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        self.register_button.clicked.connect(self._on_register)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.model_type.currentTextChanged.connect(self._type_changed)
        self._type_changed(self.model_type.currentText())
        self.path.textChanged.connect(self._path_changed)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed(self.name.text())
        QTimer.singleShot(0, self._load_families)

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this dialog's slots."""
        self.error.setText(f"{message} ({hint})" if hint else message)

    def _type_changed(self, model_type: str) -> None:
        self.family.setVisible(model_type == "LLM")
        self.family_label.setVisible(model_type == "LLM")

    def _path_changed(self, text: str) -> None:
        """Detect type, format and a name from the files as soon as a path is there."""
        self.detected = None
        if not text.strip():
            self.detected_label.clear()
            return
        try:
            found = detect_local_model(text.strip())
        except ManagerError as exc:
            self.detected_label.setText(exc.one_line())
            return
        self.detected = found
        self.detected_label.setText(self.tr("Detected: {0} ({1}{2})").format(
            found.model_type, found.reason,
            "" if found.quantization in ("none", "default") else f", {found.quantization}"))
        self.model_type.setCurrentText(found.model_type)
        if not self.name.text().strip() or self.name.text() == self._suggested_name:
            self._suggested_name = found.name
            self.name.setText(found.name)

    def _name_changed(self, text: str) -> None:
        """Say beside the field what is wrong with the name; Register waits for a usable one."""
        try:
            validate_model_name(text)
        except ManagerError as exc:
            self.name_error.setText(self.tr("Give the model a name.") if not text.strip() else exc.one_line())
            # Empty: said once there is something to name (a path), not on a dialog just opened.
            self.name_error.setVisible(bool(text.strip() or self.path.text().strip()))
            self.register_button.setEnabled(False)
            return
        self.name_error.clear()
        self.name_error.setVisible(False)
        self.register_button.setEnabled(True)

    def _browse_dir(self) -> None:
        choose_folder(self, self.tr("Model folder"), self.path.setText)

    def _browse_file(self) -> None:
        choose_file(self, self.tr("Model file"), self.path.setText, self.tr("GGUF (*.gguf);;All files (*)"))

    @guarded_slot()
    async def _load_families(self) -> None:
        try:
            names = await self.ctx.client().registrations("LLM")
        except ManagerError:
            names = []  # the field stays free text
        builtin = sorted(str(n.get("model_name")) for n in names if isinstance(n, dict) and n.get("is_builtin"))
        current = self.family.currentText()
        self.family.addItems(builtin)
        self.family.setEditText(current or ("qwen2.5-instruct" if "qwen2.5-instruct" in builtin else ""))

    @guarded_slot()
    async def _on_register(self) -> None:
        self.error.clear()
        model_type = self.model_type.currentText()
        try:
            gguf = self.detected is not None and self.detected.model_format == "ggufv2"
            quantization = self.detected.quantization if gguf and self.detected else ""
            family = build_family(model_type, self.name.text(), self.path.text().strip(),
                                  model_family=self.family.currentText().strip() if model_type == "LLM" else "",
                                  quantization=quantization)
        except ManagerError as exc:
            self.error.setText(exc.one_line())
            return
        self.register_button.setEnabled(False)
        try:
            await self.ctx.client().register_model(model_type, family, persist=self.persist.isChecked())
        except ManagerError as exc:
            self.error.setText(exc.one_line())
            return
        finally:
            self._name_changed(self.name.text())
        self.ctx.toast.emit(self.tr("Registered {0}").format(family["model_name"]))
        self.registered.emit(model_type, family["model_name"], self.launch_after.isChecked())
        self.accept()


class ModelPickerDialog(QDialog):
    """Choose a registered model by type and name. ``chosen(type, name)`` asks to launch it; Unregister removes a
    custom one."""

    chosen = Signal(str, str)
    unregistered = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Launch a registered model"))
        keep_wrapped_text_whole(self)
        self.model_type = QComboBox()
        self.model_type.addItems(list(MODEL_TYPES))
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setMinimumWidth(280)
        self.custom: set[str] = set()
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.model_type)
        form.addRow(self.tr("Model"), self.name)
        buttons = QDialogButtonBox()
        self.launch_button = buttons.addButton(self.tr("Launch..."), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unregister_button = buttons.addButton(self.tr("Unregister"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        self.launch_button.clicked.connect(self._on_launch)
        self.unregister_button.clicked.connect(self._on_unregister)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.model_type.currentTextChanged.connect(lambda _t: self._load())
        self.name.currentTextChanged.connect(self._name_changed)
        self.loaded = False
        QTimer.singleShot(0, self._load)

    @guarded_slot()
    async def _load(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        self.loaded = False
        model_type = self.model_type.currentText()
        try:
            items = await self.ctx.client().registrations(model_type)
        except ManagerError as exc:
            self.status.setText(exc.one_line())
            return
        if model_type != self.model_type.currentText():
            return  # the user switched type while we waited
        entries = [i for i in items if isinstance(i, dict) and i.get("model_name")]
        self.custom = {str(i["model_name"]) for i in entries if not i.get("is_builtin")}
        # Custom models first: they are what people without a catalog (or offline) came here for.
        names = sorted(self.custom) + sorted(str(i["model_name"]) for i in entries if i.get("is_builtin"))
        self.name.blockSignals(True)
        self.name.clear()
        self.name.addItems(names)
        self.name.blockSignals(False)
        self._name_changed(self.name.currentText())
        self.loaded = True

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this dialog's slots."""
        self.status.setText(f"{message} ({hint})" if hint else message)

    def _name_changed(self, name: str) -> None:
        self.unregister_button.setEnabled(name in self.custom)

    def _on_launch(self) -> None:
        name = self.name.currentText().strip()
        if name:
            self.chosen.emit(self.model_type.currentText(), name)
            self.accept()

    @guarded_slot()
    async def _on_unregister(self) -> None:
        model_type, name = self.model_type.currentText(), self.name.currentText().strip()
        try:
            await self.ctx.client().unregister_model(model_type, name)
        except ManagerError as exc:
            self.status.setText(exc.one_line())
            return
        self.status.setText(self.tr("Unregistered {0}").format(name))
        self.unregistered.emit(model_type, name)
        await self.reload()
