"""LaunchDialog: choose how to launch one model family, then watch it load (progress, stage, Cancel)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import size_label
from app.core.cluster import worker_choices
from app.core.errors import InvalidInput, ManagerError
from app.core.models import (
    LaunchEvent,
    LaunchFailed,
    LaunchRequest,
    cancel_launch,
    cancelled,
    engine_choices,
    follow_launch,
    manager_command,
    parse_option_value,
    recommended_config,
    start_launch,
    validate_uid,
    xinference_command,
)
from app.core.server import ModelFailure
from app.ui.async_slot import guarded_slot, spawn
from app.ui.dialogs.launch_text import stage_text
from app.ui.widgets.sizing import keep_wrapped_text_whole

if TYPE_CHECKING:
    from app.ui.context import AppContext

log = logging.getLogger(__name__)
ANY = ""  # combo value meaning "let the server choose"


def _size_text(value: Any) -> str:
    return "" if value is None else str(value)


class LaunchDialog(QDialog):
    """Non-modal (``open()``); emits ``launched(uid)`` once the model is READY."""

    launched = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        family: dict[str, Any],
        spec: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.family = family
        self.model_name = str(family.get("model_name") or "")
        self.model_type = str(family.get("model_type") or "LLM")
        self.spec = spec or {}
        self.specs = [s for s in family.get("model_specs") or [] if isinstance(s, dict)]
        self.engines: dict[str, list[dict[str, Any]] | str] = {}
        self.events: list[LaunchEvent] = []
        self.uid = ""  # the UID of the launch under way (or last run); never a previous attempt's during a new one
        self.failure: ManagerError | None = None
        self._task: asyncio.Task[None] | None = None
        self._cancel_requested = False
        self.process_ended: ModelFailure | None = None  # the supervisor saw this launch's model process end
        ctx.model_failed.connect(self._model_failed)
        self.setWindowTitle(self.tr("Launch {0}").format(self.model_name))
        keep_wrapped_text_whole(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._build()
        self._fill_specs()
        QTimer.singleShot(0, self._load_server_facts)
        QTimer.singleShot(0, self._load_workers)

    # -- layout ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        self.engine = QComboBox()
        self.format = QComboBox()
        self.size_box = QComboBox()
        self.quantization = QComboBox()
        self.replica = QSpinBox()
        self.replica.setRange(1, 64)
        self.n_gpu = QComboBox()
        self.n_gpu.setEditable(True)
        self.n_gpu.addItems(["auto", "cpu", "1", "2", "4", "8"])
        self.gpu_idx = QLineEdit()
        self.gpu_idx.setPlaceholderText(self.tr("e.g. 0,1 (overrides the GPU count)"))
        self.worker = QComboBox()
        self.worker.setEditable(True)
        self.download_hub = QComboBox()
        self.download_hub.addItems([ANY, "huggingface", "modelscope", "openmind_hub", "csghub"])
        self.uid_edit = QLineEdit()
        self.uid_edit.setPlaceholderText(self.tr("optional: the server picks one"))
        self.uid_edit.textChanged.connect(self._check_uid)
        self.uid_error = QLabel()
        self.uid_error.setStyleSheet("color: #b00020")
        self.uid_error.setVisible(False)
        self.context_length = QSpinBox()
        self.context_length.setRange(0, 10_000_000)
        self.context_length.setSpecialValueText(self.tr("model default"))
        self.options = QTableWidget(0, 2)
        self.options.setHorizontalHeaderLabels([self.tr("Option"), self.tr("Value")])
        self.options.horizontalHeader().setStretchLastSection(True)
        self.options.setMaximumHeight(110)
        add_opt = QPushButton(self.tr("Add option"))
        add_opt.clicked.connect(lambda: self.options.insertRow(self.options.rowCount()))
        self.engine.currentIndexChanged.connect(self._engine_changed)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.size_box.currentIndexChanged.connect(self._size_changed)
        form.addRow(self.tr("Engine"), self.engine)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Size (billions)"), self.size_box)
        form.addRow(self.tr("Quantization"), self.quantization)
        form.addRow(self.tr("Replicas"), self.replica)
        form.addRow(self.tr("GPU count"), self.n_gpu)
        form.addRow(self.tr("GPU indices"), self.gpu_idx)
        form.addRow(self.tr("Worker"), self.worker)
        form.addRow(self.tr("Download hub"), self.download_hub)
        form.addRow(self.tr("Model UID"), self.uid_edit)
        form.addRow("", self.uid_error)
        form.addRow(self.tr("Context length"), self.context_length)
        form.addRow(self.tr("Extra options"), self.options)
        form.addRow("", add_opt)
        if self.model_type != "LLM":  # Xinference takes a context length for LLMs only, and runs others on one device
            form.setRowVisible(self.context_length, False)
            self.n_gpu.clear()
            self.n_gpu.addItems(["auto", "cpu"])
            label = form.labelForField(self.n_gpu)
            if isinstance(label, QLabel):
                label.setText(self.tr("Device"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.stage = QLabel(self.tr("Not started"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(80)
        self.detail.setVisible(False)
        buttons = QDialogButtonBox()
        self.launch_button = buttons.addButton(self.tr("Launch"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.launch_button.clicked.connect(self._on_launch)
        self.cancel_button.clicked.connect(self._on_cancel)
        copy_row = QHBoxLayout()
        self.copy_xinference = QPushButton(self.tr("Copy as xinference command"))
        self.copy_manager = QPushButton(self.tr("Copy as xinference-manager command"))
        self.copy_xinference.clicked.connect(lambda: self._copy_command(xinference=True))
        self.copy_manager.clicked.connect(lambda: self._copy_command(xinference=False))
        copy_row.addWidget(self.copy_xinference)
        copy_row.addWidget(self.copy_manager)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{self.model_name}</b> ({self.model_type})")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addLayout(copy_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.stage)
        layout.addWidget(self.error)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)

    # -- choices -----------------------------------------------------------------------------------------------

    def _spec_rows(self) -> list[dict[str, Any]]:
        """(format, size, quantization) triples allowed by the chosen engine, else by the family's specs."""
        params = self.engines.get(self.engine.currentData() or "")
        if isinstance(params, list) and params:
            return [
                {"model_format": p.get("model_format"), "size": _size_text(p.get("model_size_in_billions")),
                 "quantizations": list(p.get("quantizations") or [p.get("quantization")])}
                for p in params
            ]
        return [
            {"model_format": s.get("model_format"), "size": _size_text(s.get("model_size_in_billions")),
             "quantizations": list(s.get("quantizations") or [s.get("quantization")])}
            for s in self.specs
        ]

    @staticmethod
    def _refill(combo: QComboBox, values: list[str], prefer: str = "", label: Callable[[str], str] = str) -> None:
        current = prefer or combo.currentData() or ""
        combo.blockSignals(True)
        combo.clear()
        for v in dict.fromkeys(values):  # keep order, drop duplicates
            combo.addItem(label(v) if v else "", v)
        idx = combo.findData(current)
        combo.setCurrentIndex(idx if idx >= 0 else 0)
        combo.blockSignals(False)

    def _fill_specs(self, prefer: dict[str, Any] | None = None) -> None:
        prefer = prefer or {}
        rows = self._spec_rows()
        fmt = str(prefer.get("model_format") or self.spec.get("model_format") or "")
        self._refill(self.format, [str(r["model_format"] or "") for r in rows], fmt)
        self._format_changed(prefer=prefer)

    def _format_changed(self, *_: Any, prefer: dict[str, Any] | None = None) -> None:
        prefer = prefer or {}
        rows = [r for r in self._spec_rows() if (r["model_format"] or "") == self.format.currentText()]
        size = _size_text(prefer.get("model_size_in_billions") or self.spec.get("model_size_in_billions"))
        self._refill(self.size_box, [r["size"] for r in rows], size, label=size_label)
        self._size_changed(prefer=prefer)

    def _size_changed(self, *_: Any, prefer: dict[str, Any] | None = None) -> None:
        prefer = prefer or {}
        quants: list[str] = []
        for r in self._spec_rows():
            if (r["model_format"] or "") == self.format.currentText() and r["size"] == self.size_box.currentData():
                quants += [str(q) for q in r["quantizations"] if q]
        self._refill(self.quantization, quants, str(prefer.get("quantization") or self.spec.get("quantization") or ""))

    def _engine_changed(self, *_: Any) -> None:
        self._fill_specs()

    def _fill_engines(self, prefer: str) -> None:
        self.engine.blockSignals(True)
        self.engine.clear()
        items = self.engine.model()
        assert isinstance(items, QStandardItemModel)
        for name, value in self.engines.items():
            self.engine.addItem(name, name)
            if isinstance(value, str):  # unusable: shown, disabled, with Xinference's reason
                item = items.item(self.engine.count() - 1)
                item.setEnabled(False)
                item.setToolTip(value)
                item.setText(self.tr("{0} (unavailable: {1})").format(name, value))
        usable = [n for n, v in self.engines.items() if isinstance(v, list)]
        pick = prefer if prefer in usable else (usable[0] if usable else "")
        self.engine.setCurrentIndex(max(0, self.engine.findData(pick)))
        self.engine.blockSignals(False)
        if not usable and self.engines:
            self.hint.setText(self.tr("No engine on this server can run this model; see each engine's reason."))

    @guarded_slot()
    async def _load_server_facts(self) -> None:
        """Engines (real installs only) and the server's recommendation, both best effort."""
        client = self.ctx.client()
        try:
            self.engines = engine_choices(
                await client.engines(self.model_name, model_type=self.model_type, real_only=True)
            )
        except ManagerError as exc:
            self.hint.setText(self.tr("Could not list engines: {0}").format(exc.message))
        rec: dict[str, Any] = {}
        try:
            rec = recommended_config(await client.recommend(self.model_name, self.model_type))
        except ManagerError as exc:
            log.info("no recommendation for %s: %s", self.model_name, exc.message)
        prefer = {k: v for k, v in rec.items() if v is not None}
        if self.spec:  # the spec picked in the catalog wins over the recommendation
            prefer.update({k: self.spec[k] for k in ("model_format", "model_size_in_billions", "quantization")
                           if self.spec.get(k) is not None})
        self._fill_engines(str(rec.get("model_engine") or ""))
        self._fill_specs(prefer)
        if rec.get("context_length") and not self.context_length.value() and self.model_type == "LLM":
            self.context_length.setValue(int(rec["context_length"]))
        if rec and not self.hint.text():
            self.hint.setText(self.tr("Defaults come from the server's recommendation."))

    @guarded_slot()
    async def _load_workers(self) -> None:
        """On a cluster, offer its workers (empty: Xinference places the model itself)."""
        workers = await worker_choices(self.ctx.client())
        if not workers or self.worker.count():
            return
        self.worker.addItem("")
        for w in workers:
            self.worker.addItem(w.address)
            free = f"{w.memory_available / 1024**3:.1f} GiB"
            self.worker.setItemData(self.worker.count() - 1, self.tr("{0} of memory free").format(free),
                                    Qt.ItemDataRole.ToolTipRole)

    # -- request -----------------------------------------------------------------------------------------------

    def _check_uid(self, text: str) -> bool:
        try:
            validate_uid(text)
        except InvalidInput as exc:
            self.uid_error.setText(exc.one_line())
            self.uid_error.setVisible(True)
            return False
        self.uid_error.setVisible(False)
        return True

    def request(self) -> LaunchRequest:
        """The launch as typed; raises ``InvalidInput`` before anything is sent."""
        options: dict[str, Any] = {}
        for row in range(self.options.rowCount()):
            key_item, value_item = self.options.item(row, 0), self.options.item(row, 1)
            key = key_item.text().strip() if key_item else ""
            if key:
                options[key] = parse_option_value(value_item.text() if value_item else "")
        gpu_text = self.gpu_idx.text().strip()
        try:
            gpu_idx = tuple(int(p) for p in gpu_text.split(",") if p.strip()) if gpu_text else ()
        except ValueError as exc:
            raise InvalidInput(self.tr("GPU indices must be numbers separated by commas")) from exc
        return LaunchRequest(
            model_name=self.model_name, model_type=self.model_type,
            model_engine=self.engine.currentData() or "", model_format=self.format.currentText(),
            model_size_in_billions=self.size_box.currentData() or "", quantization=self.quantization.currentText(),
            model_uid=self.uid_edit.text(), replica=self.replica.value(), n_gpu=self.n_gpu.currentText(),
            gpu_idx=gpu_idx, worker_ip=self.worker.currentText().strip(),
            download_hub=self.download_hub.currentText(), context_length=self.context_length.value() or None,
            options=options,
        ).validated()

    def _copy_command(self, xinference: bool) -> None:
        try:
            req = self.request()
        except InvalidInput as exc:
            self._show_error(exc)
            return
        endpoint = self.ctx.endpoint
        text = xinference_command(req, endpoint) if xinference else manager_command(req, endpoint)
        QGuiApplication.clipboard().setText(text)
        self.ctx.toast.emit(self.tr("Command copied"))

    # -- launching ---------------------------------------------------------------------------------------------

    @property
    def launching(self) -> bool:
        return self._task is not None and not self._task.done()

    def _on_launch(self) -> None:
        if self.launching:
            return
        self.error.clear()
        self.detail.setVisible(False)
        self.failure = None
        try:
            req = self.request()  # a bad UID stops here: nothing reaches the server
        except InvalidInput as exc:
            self._show_error(exc)
            return
        self.events.clear()
        self.uid = ""  # a Cancel from now on is about this launch, not the one before
        self._cancel_requested = False
        self._set_busy(True)
        self._task = spawn(self, self._run(req))

    async def _run(self, req: LaunchRequest) -> None:
        client = self.ctx.client()
        try:
            self.stage.setText(self.tr("Submitting..."))
            self.uid = await start_launch(client, req)
            if self._cancel_requested:
                # Cancel was pressed while the server had not yet named the launch: cancel it now.
                await cancel_launch(client, self.uid)
                raise cancelled(self.uid)
            self.stage.setText(self.tr("Launching as {0}").format(self.uid))
            async for ev in follow_launch(client, self.uid):
                self.events.append(ev)
                self.progress.setValue(int(ev.progress * 100))
                stage = stage_text(ev.stage or ev.status.lower(), ev.info)
                self.stage.setText(self.tr("{0}: {1}").format(self.uid, stage))
            last = self.events[-1] if self.events else None
            self.stage.setText(self.tr("{0} is ready ({1:.1f} s)").format(self.uid, last.elapsed if last else 0))
            self.ctx.toast.emit(self.tr("{0} is ready").format(self.uid))
            self.ctx.notification.emit(self.tr("Model ready"), self.tr("{0} is ready").format(self.uid), False)
            self.launched.emit(self.uid)
            self.ctx.notify_server_changed()
            self.accept()
        except ManagerError as exc:  # LaunchFailed, AuthForbidden, ServerUnreachable...
            self._show_error(exc)
            # A model process that ended is notified by the tray when the supervisor reports it (once, not twice).
            if not (isinstance(exc, LaunchFailed) and exc.kind in ("cancelled", "process_ended")):
                self.ctx.notification.emit(self.tr("Launch failed"), exc.message, True)
        finally:
            self._set_busy(False)

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this dialog's slots."""
        self.error.setText(f"{message}\n{hint}" if hint else message)

    def _model_failed(self, failure: ModelFailure) -> None:
        """The supervisor saw this launch's model process end: the launch is over, whatever the last poll said."""
        if not self.uid or failure.model_uid != self.uid:
            return
        self.process_ended = failure
        if self.launching and self._task is not None:
            self._task.cancel()  # nothing more to follow; the finally of _run frees the buttons
        self._say_process_ended(failure, str(getattr(self.failure, "detail", "") or ""))

    def _say_process_ended(self, failure: ModelFailure, server_said: str) -> None:
        # The core's sentence (the Server page, the Running page and the tray say the same), not xoscar's
        # "Remote server unixsocket:///… closed"; that stays below as what the server said.
        self.error.setText(f"{failure.describe()}\n{failure.hint()}")
        self.detail.setPlainText(self.tr("Server said: {0}").format(server_said) if server_said else "")
        self.detail.setVisible(bool(server_said))
        self.stage.setText(self.tr("Failed"))
        self.progress.setValue(0)  # not frozen where the loading stopped

    def _show_error(self, exc: ManagerError) -> None:
        self.failure = exc
        if isinstance(exc, LaunchFailed) and exc.kind == "process_ended":
            # Said in the supervisor's words: with its pid and reason when it reported already, else as far as
            # the launch tells (the report follows within seconds and adds them).
            self._say_process_ended(self.process_ended or ModelFailure(self.uid, while_loading=True), exc.detail)
            return
        self.error.setText(f"{exc.message}\n{exc.hint}" if exc.hint else exc.message)
        detail = str(getattr(exc, "detail", "") or "")
        if detail and detail in exc.message:
            detail = ""
        self.detail.setPlainText(self.tr("Server said: {0}").format(detail) if detail else "")
        self.detail.setVisible(bool(detail))
        if isinstance(exc, LaunchFailed) and exc.kind == "cancelled":
            self.stage.setText(self.tr("Cancelled"))
        elif not isinstance(exc, InvalidInput):
            self.stage.setText(self.tr("Failed"))

    def _set_busy(self, busy: bool) -> None:
        self.launch_button.setEnabled(not busy)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Cancel launch") if busy else self.tr("Close"))
        for w in (self.engine, self.format, self.size_box, self.quantization, self.uid_edit, self.replica):
            w.setEnabled(not busy)

    @guarded_slot()
    async def _on_cancel(self) -> None:
        if not self.launching:
            self.reject()
            return
        self._cancel_requested = True
        self.cancel_button.setEnabled(False)
        if not self.uid:
            # Still submitting: the server has not named the launch yet. _run cancels it as soon as it does
            # (dropping the request instead would leave a launch running that nobody can name).
            self.stage.setText(self.tr("Cancelling: waiting for the server to accept the launch..."))
            return
        self.stage.setText(self.tr("Cancelling..."))
        try:
            await cancel_launch(self.ctx.client(), self.uid)
        except ManagerError as exc:
            self._show_error(exc)
        finally:
            self.cancel_button.setEnabled(True)

    def done(self, result: int) -> None:
        # Closing the window stops watching; the launch itself goes on and shows on the Running page.
        if self._task is not None and not self._task.done() and self._task is not asyncio.current_task():
            self._task.cancel()
        super().done(result)

    def current_values(self) -> dict[str, Any]:  # for tests and the "copy" buttons' previews
        return {"model_engine": self.engine.currentData(), "model_format": self.format.currentText(),
                "model_size_in_billions": self.size_box.currentData() or "",
                "quantization": self.quantization.currentText()}

