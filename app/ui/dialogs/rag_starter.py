"""RagStarterDialog ("Set up for Dify…"): one chat LLM, one embedding model and one reranker that fit this machine,
launched as a model set, then one "Copy Dify settings" block for all three and a Dify check per model.

The choice is the core's (``app.core.models.gather_choices``): registered models first, then cached builtins, then
the smallest fitting ones; each role has a combo of the other fitting candidates. One click on "Launch and check"
does the rest: the set is stored in the profile (so it can come back after a restart), applied with progress and
Cancel, and each model is checked as Dify would check it from where Dify runs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.dify import DifyCheckRequest, dify_type_of_model, run_check, server_url_for_dify
from app.core.errors import InvalidInput, ManagerError
from app.core.models import (
    ROLE_LABELS,
    ROLES,
    STARTER_SET,
    Candidate,
    SetProgress,
    SetReport,
    StarterChoices,
    apply_set,
    gather_choices,
    running_rows,
    set_restore_on_start,
    starter_set,
    starter_settings,
    store_set,
)
from app.core.secrets import SecretStore
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.widgets.sizing import keep_wrapped_text_whole

log = logging.getLogger(__name__)
GREEN, RED, GREY = "#1e8449", "#b00020", "#666666"
KEY_HINT = QT_TRANSLATE_NOOP("RagStarterDialog",
                             "an API key of this server (Server page → Login → Create API key for Dify)")
# The core's ROLE_LABELS, which the dialog shows through self.tr(): listed so that lupdate collects them.
ROLE_NAMES = (QT_TRANSLATE_NOOP("RagStarterDialog", "Chat model"),
              QT_TRANSLATE_NOOP("RagStarterDialog", "Embedding model"),
              QT_TRANSLATE_NOOP("RagStarterDialog", "Reranker"))


def dify_location(ctx: AppContext) -> str | None:
    """Where Dify runs for this profile: the profile's own setting when it has one, else the Dify page's last
    choice, else unknown (the settings block then lists the alternatives)."""
    own = ctx.dify_location
    if own:
        return own
    saved = ctx.settings.ui.get("dify")
    location = saved.get("location") if isinstance(saved, dict) else None
    return location if isinstance(location, str) and location else None


class RagStarterDialog(QDialog):
    """``checked(all_accepted)`` once every model was checked."""

    checked = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Set up for Dify"))
        keep_wrapped_text_whole(self)
        self.setMinimumWidth(720)
        self.choices: StarterChoices | None = None
        self.report: SetReport | None = None
        self.accepted_by_dify: dict[str, bool] = {}
        self.loaded = False
        self.running = False
        self._cancel = asyncio.Event()
        self._task: asyncio.Task[Any] | None = None
        self._build()
        QTimer.singleShot(0, self._load)

    def _build(self) -> None:
        intro = QLabel(self.tr("Three models for a RAG app in Dify: a chat model, an embedding model and a reranker "
                               "that fit this machine. Models registered from your disk come first."))
        intro.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for role in ROLES:
            combo = QComboBox()
            combo.setMinimumWidth(460)
            self.combos[role] = combo
            form.addRow(self.tr(ROLE_LABELS[role]), combo)
        self.restore = QCheckBox(self.tr("Bring these models back whenever this server starts"))
        self.restore.setChecked(True)
        self.status = QLabel(self.tr("Looking for models that fit this machine…"))
        self.status.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.settings_text = QPlainTextEdit()
        self.settings_text.setReadOnly(True)
        self.settings_text.setVisible(False)
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.checks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton(self.tr("Launch and check"))
        self.start_button.setDefault(True)
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.copy_button = QPushButton(self.tr("Copy Dify settings"))
        self.copy_button.setVisible(False)
        self.copy_button.clicked.connect(self.copy_settings)
        self.copy_key_button = QPushButton(self.tr("Copy API key"))
        self.copy_key_button.setVisible(False)
        self.copy_key_button.clicked.connect(self.copy_api_key)
        self.created_key: str | None = None  # made by this dialog
        self.created_key_name = ""
        self.dify_key: str | None = None  # the key the checks use and "Copy API key" copies (made or saved)
        self.cancel_button = QPushButton(self.tr("Close"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.copy_key_button, self.copy_button, self.start_button, self.cancel_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.restore)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.settings_text, 1)
        layout.addWidget(self.checks)
        layout.addLayout(buttons)

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` reports a failure of this dialog's slots."""
        self.status.setText(f"{message} ({hint})" if hint else message)
        self.status.setStyleSheet(f"color: {RED}")

    # -- choosing ------------------------------------------------------------------------------------------------

    @guarded_slot()
    async def _load(self) -> None:
        try:
            profile = self.ctx.settings.profile
            self.choices = choices = await gather_choices(
                self.ctx.client(), home=profile.server.home if profile.kind == "local" else "")
        except ManagerError as exc:
            self.show_error(exc.message, exc.hint)
            return
        for role in ROLES:
            combo = self.combos[role]
            combo.clear()
            for candidate in choices.by_role[role]:
                combo.addItem(candidate.label(), candidate)
            combo.setEnabled(combo.count() > 1)
            if not combo.count():
                combo.addItem(self.tr("nothing fits this machine"), None)
        missing = choices.missing_roles()
        if missing:
            names = ", ".join(self.tr(ROLE_LABELS[r]).lower() for r in missing)
            self.status.setText(self.tr("No {0} fits this machine: register one from disk (Catalog → Register local "
                                        "model…) and open this again. The others can still be launched.").format(names))
        else:
            self.status.setText(self.tr("Proposed for this machine; change any of them, then Launch and check."))
        self.start_button.setEnabled(len(missing) < len(ROLES))
        self.loaded = True

    def chosen(self) -> dict[str, Candidate]:
        out = {}
        for role, combo in self.combos.items():
            candidate = combo.currentData()
            if isinstance(candidate, Candidate):
                out[role] = candidate
        return out

    # -- launching and checking ----------------------------------------------------------------------------------

    @guarded_slot()
    async def start(self) -> None:
        if self.running or self.choices is None:
            return
        self.running = True
        self._cancel.clear()
        self._task = asyncio.current_task()
        self.start_button.setEnabled(False)
        for combo in self.combos.values():
            combo.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        try:
            await self._launch_and_check()
        finally:
            self.running = False
            self._task = None
            self.cancel_button.setText(self.tr("Close"))
            self.start_button.setEnabled(True)

    def _store(self, model_set: Any) -> None:
        profile = self.ctx.settings.profile
        store_set(profile, model_set, replace_existing=True)
        if self.restore.isChecked():
            set_restore_on_start(profile, model_set.name)
        self.ctx.settings.save()

    async def _launch_and_check(self) -> None:
        assert self.choices is not None
        client = self.ctx.client()
        model_set = starter_set(self.chosen(), self.choices.running, STARTER_SET)
        self._store(model_set)
        lines = [f"{m.model_uid}: {self.tr('waiting')}" for m in model_set.models]
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Launching {0} models (set “{1}”)…").format(len(lines), model_set.name))
        outcomes: list[SetProgress] = []
        async for step in apply_set(client, model_set, cancel=self._cancel):
            lines[step.index] = step.line("gui")
            self.progress.setText("\n".join(lines))
            if step.final:
                outcomes.append(step)
        self.report = SetReport(model_set.name, tuple(outcomes))
        if not self.report.all_running:
            self.status.setText(self.tr("Not every model runs: see each line above. The ones that run are checked "
                                        "below."))
            self.status.setStyleSheet(f"color: {RED}")
        else:
            self.status.setText(self.tr("All models run. Checking each one as Dify would…"))
        uids = {o.uid for o in outcomes if o.state in ("launched", "already running")}
        rows = [r for r in await running_rows(client) if r.uid in uids]
        rows.sort(key=lambda r: model_set.uids.index(r.uid))
        if rows:
            await self._show_settings_and_check(rows)

    async def _show_settings_and_check(self, rows: list[Any]) -> None:
        client = self.ctx.client()
        location = dify_location(self.ctx)
        try:
            login_on: bool | None = (await client.auth_info()).auth
        except ManagerError:
            login_on = None
        endpoint = self.ctx.endpoint
        # The key first: the block then says where the key is, not how to make one the dialog just made.
        api_key = await self._dify_api_key(login_on)
        key_hint = self.key_place()
        self.settings_text.setPlainText(starter_settings([r.to_model() for r in rows], endpoint, login_on, location,
                                                         key_hint=key_hint))
        self.settings_text.setVisible(True)
        self.copy_button.setVisible(True)
        results: list[str] = []
        for row in rows:
            kind = dify_type_of_model(row.model_type, row.abilities)
            if kind is None:
                continue
            request = DifyCheckRequest(
                server_url=server_url_for_dify(endpoint, location), model_uid=row.uid, model_type=kind,
                api_key=api_key, location=location or "same-host", model_name=row.model_name,
                known_endpoint=endpoint, key_hint=key_hint)
            self.checks.setText("<br>".join([*results, f"<span style='color:{GREY}'>… {row.uid}</span>"]))
            try:
                report = await run_check(request)
            except (ValueError, InvalidInput) as exc:
                self.accepted_by_dify[row.uid] = False
                results.append(f"<span style='color:{RED}'>✗ {row.uid}: {exc}</span>")
                continue
            self.accepted_by_dify[row.uid] = report.accepted
            colour, mark = (GREEN, "✓") if report.accepted else (RED, "✗")
            results.append(f"<span style='color:{colour}'>{mark} {row.uid} ({kind}): {report.verdict}</span>")
            self.checks.setText("<br>".join(results))
        all_ok = bool(self.accepted_by_dify) and all(self.accepted_by_dify.values()) and bool(
            self.report and self.report.all_running)
        self.status.setText(self.tr("Ready for Dify: copy the settings into Dify's Add Model form, one model at a "
                                    "time.") if all_ok else self.status.text())
        self.checked.emit(all_ok)

    async def _dify_api_key(self, login_on: bool | None) -> str | None:
        """The key Dify will use: a saved one, else (login on, admin logged in) a new one made for Dify now, so the
        user never types one. Without an admin session there is none, and the checks say what Dify would say."""
        client = self.ctx.client()
        saved = self.ctx.secrets.get(SecretStore.key(client.endpoint, "api_key"))
        if saved or not login_on:
            self.dify_key = saved
            self.copy_key_button.setVisible(bool(saved))
            return saved
        session = self.ctx.session()
        if not session.access_token:
            return None
        name = time.strftime("dify-%Y%m%d-%H%M%S")  # key names must be unique on the server
        try:
            key = await session.create_api_key(name)
        except ManagerError as exc:
            log.warning("no API key for Dify: %s", exc.one_line())
            return None
        self.ctx.set_api_key(client.endpoint, key)
        self.created_key = self.dify_key = key
        self.created_key_name = name
        self.copy_key_button.setVisible(True)
        self.status.setText(self.tr("Created the API key \"%s\" for Dify: paste it into Dify's API Key field.")
                            % name)
        return key

    def key_place(self) -> str:
        """Where the settings block says the API key is: the key this dialog made or found (the button that copies
        it; the key itself stays out of the block), else how to make one."""
        if self.created_key:
            return self.tr("the API key \"{0}\" made for Dify just now: press \"Copy API key\" in the Set up for "
                           "Dify dialog").format(self.created_key_name)
        if self.dify_key:
            return self.tr("the API key saved for this server: press \"Copy API key\" in the Set up for Dify "
                           "dialog")
        return self.tr(KEY_HINT)

    def copy_api_key(self) -> None:
        if self.dify_key:
            QGuiApplication.clipboard().setText(self.dify_key)
            self.ctx.toast.emit(self.tr("API key copied: paste it into Dify's API Key field"))

    def copy_settings(self) -> None:
        QGuiApplication.clipboard().setText(self.settings_text.toPlainText())
        self.ctx.toast.emit(self.tr("Copied the Dify settings of {0} models").format(len(self.accepted_by_dify)))

    # -- cancel and close ----------------------------------------------------------------------------------------

    def _cancel_or_close(self) -> None:
        if self.running:
            self._cancel.set()  # the model loading is cancelled on the server; the rest are reported cancelled
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.running:
            self._cancel.set()
        super().closeEvent(event)

    def reject(self) -> None:
        if self.running:
            self._cancel.set()
        super().reject()
