"""Restarts the app proposes (another bind address, login on or off, another port) keep what runs: the sequence is
the core's (``restart_keeping_models``, shared with the CLI's ``server restart``): models still loading are waited
for, the running models are saved as a set, the server restarts with the new options, and the set is applied
afterwards, so every model comes back under its UID, each with its real outcome shown.

The set is stored in the profile (``KEPT_SET``) before anything stops, so a restart that fails half-way loses
nothing: the models can be applied later from the set. When the restart turns login on, the new server refuses
launches until someone logs in: the set is then applied as soon as the credentials change.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from app.core.dify import bind_change_for, bridge_address
from app.core.errors import ManagerError
from app.core.server import ServerState
from app.ui.async_slot import guarded_slot
from app.ui.widgets.dify_reach import place_name

if TYPE_CHECKING:
    from types import ModuleType

    from app.core.models import ModelSet, RestartReport, SetProgress, SetReport
    from app.ui.pages.server import ServerPage

log = logging.getLogger(__name__)

SEEN_EVERY_MS = 10_000  # models launched from elsewhere (the CLI, Xinference's UI) are seen within this
CHANGE_KEYS = ("host", "auth", "port")


def _models() -> ModuleType:
    """Model sets and the restart sequence, imported on first use: no restart is needed before the first paint,
    and importing them (with the catalog and the Dify settings they use) slowed the window's cold start."""
    import app.core.models

    return app.core.models


class RestartKeepingModels(QObject):
    def __init__(self, page: ServerPage) -> None:
        super().__init__(page)
        self.page = page
        self.pending: ModelSet | None = None  # saved, waiting for a login before it can be applied
        self.last_report: SetReport | None = None  # each kept model's outcome, of the last restart
        self.last_restart: RestartReport | None = None
        self._offered: dict[str, Any] | None = None  # the restart the banner offers now
        # The running models as last seen: after a crash the server cannot be asked, and Restart brings these back.
        self.seen: ModelSet | None = None
        self._seeing = False
        self._seen_timer = QTimer(self)
        self._seen_timer.setInterval(SEEN_EVERY_MS)
        self._seen_timer.timeout.connect(self.remember_running)
        self._seen_timer.start()
        page.ctx.credentials_changed.connect(self._credentials_changed)
        page.ctx.server_changed.connect(self.remember_running)  # a launch, a termination, a restore

    # -- saying what it will do ------------------------------------------------------------------------------

    def what_changes(self, changes: dict[str, Any]) -> str:
        parts = []
        if "host" in changes:
            parts.append(self.tr("on {0}").format(changes["host"]))
        if "port" in changes:
            parts.append(self.tr("on port {0}").format(changes["port"]))
        if "auth" in changes:
            parts.append(self.tr("with login on") if changes["auth"] else self.tr("with login off"))
        return " ".join(parts)

    def describe(self, changes: dict[str, Any], uids: list[str] | None) -> str:
        """One sentence: what the restart changes and what happens to the running models."""
        what = self.what_changes(changes)
        head = self.tr("Restart the server {0}").format(what) if what else self.tr("Restart the server")
        if uids is None:  # not counted yet
            return head + self.tr(": the running models are saved as the set “{0}” and launched again with the "
                                  "same UIDs.").format(_models().KEPT_SET)
        if not uids:
            return head + self.tr(": no model runs, nothing to bring back.")
        shown = ", ".join(uids[:4]) + ("…" if len(uids) > 4 else "")
        return head + self.tr(": the {0} running model(s) ({1}) are saved as the set “{2}” and launched again "
                              "with the same UIDs.").format(len(uids), shown, _models().KEPT_SET)

    # -- remembering what runs, for a restart after a crash ---------------------------------------------------

    def remember_running(self) -> None:
        """Note the running models (a request when nothing changed, a set when something did); no-op without a
        server of ours running or an event loop."""
        if not self._running_here() or self._seeing:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        self._remember()

    @guarded_slot()
    async def _remember(self) -> None:
        self._seeing = True
        try:
            client = self.page.ctx.client()
            models = _models()
            ready = sorted(r.uid for r in await models.running_rows(client) if r.status == "READY")
            if self.seen is None or sorted(m.model_uid for m in self.seen.models) != ready:
                self.seen = await models.set_from_running(client, models.KEPT_SET, earlier=self.seen)
        except ManagerError as exc:  # not reachable or not logged in this moment: keep what was seen before
            log.debug("running models not noted: %s", exc.one_line())
        finally:
            self._seeing = False

    def crash_action(self) -> tuple[str, Any]:
        """The crash banner's button: restart, bringing back the models that ran (as last seen)."""
        count = len(self.seen.models) if self.seen else 0
        text = self.tr("Restart and bring back {0} model(s)").format(count) if count else self.tr("Restart")
        return text, self.page.restart_after_crash

    async def running_uids(self) -> list[str]:
        try:
            return [r.uid for r in await _models().running_rows(self.page.ctx.client())]
        except ManagerError:
            return []

    # -- proposing it ------------------------------------------------------------------------------------------

    def _running_here(self) -> bool:
        return self.page.controller.state is ServerState.RUNNING and not self.page.connected_endpoint

    def propose(self, changes: dict[str, Any], warn_no_login: bool = False, why: str = "") -> None:
        """Offer the restart in the page's banner (the click does it), or, with no server running, put the
        changes into the form and offer to start."""
        page = self.page
        if not changes:
            return
        login_after = bool(changes.get("auth", page.auth.isChecked()))
        host = str(changes.get("host", page.host.currentText()))
        warning = ""
        if (warn_no_login or not login_after) and host in ("0.0.0.0", "::"):
            warning = self.tr("Login is off: on 0.0.0.0 anyone who can reach this machine can use the server. "
                              "Consider turning login on and giving Dify an API key.")
        if not self._running_here():
            self._apply_fields(changes)
            what = self.what_changes(changes)
            page.banner.show_info((why + " " if why else "") + self.tr("Start the server {0}.").format(what),
                                  warning, action=(self.tr("Start now"), page._start))
            return
        self._offered = changes
        action = (self.tr("Restart now"), lambda: page.restart_with(changes))
        head = (why + " ") if why else ""
        page.banner.show_info(head + self.describe(changes, None), warning, action=action)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        self._count_models(changes, head, warning)

    @guarded_slot(dict, str, str)
    async def _count_models(self, changes: dict[str, Any], head: str, warning: str) -> None:
        """The same offer, now naming the models that will be saved and brought back."""
        uids = await self.running_uids()
        if self._offered is changes and self.page.banner.isVisible():
            self.page.banner.show_info(head + self.describe(changes, uids), warning,
                                       action=(self.tr("Restart now"), lambda: self.page.restart_with(changes)))

    def follow_location(self, location: str) -> None:
        """Dify's location changed: say what the server needs for it (and offer the restart that keeps models)."""
        page = self.page
        page.dify_reach.refresh()
        if not location or page.connected_endpoint or page.connection.is_remote():
            return  # no Dify, or not a server this app starts: nothing to change here
        options = page.controller.supervisor.options if self._running_here() else None
        host = options.host if options else page.host.currentText().strip()
        login_on = options.auth_enabled if options else page.auth.isChecked()
        lan = bridge_address() if sys.platform.startswith("win") else None
        change = bind_change_for(location, host, login_on, lan_address=lan)
        changes: dict[str, Any] = {}
        if change.host is not None:
            changes["host"] = change.host
        if change.login is not None:
            changes["auth"] = change.login
        if not changes:
            return
        why = self.tr("For Dify in {0}:").format(place_name(location)) if location != "remote" else self.tr(
            "For Dify on another machine:")
        if not self._running_here():
            self._apply_fields(changes)
            try:
                page._remember(page.options())
            except ManagerError as exc:  # the form holds something that is not an option yet; said beside it
                log.info("options not saved: %s", exc.one_line())
            page.banner.show_info(why + " " + self.tr("the server will start {0}.").format(
                self.what_changes(changes)))
            return
        self.propose(changes, why=why)

    def show_error(self, message: str, hint: str = "") -> None:
        self.page.banner.show_error(message, hint)

    # -- doing it ----------------------------------------------------------------------------------------------

    def _apply_fields(self, changes: dict[str, Any]) -> None:
        page = self.page
        if "host" in changes:
            page.host.setCurrentText(str(changes["host"]))
        if "auth" in changes:
            page.auth.setChecked(bool(changes["auth"]))
        if "port" in changes:
            page.port.setValue(int(changes["port"]))

    async def run(self, changes: dict[str, Any] | None = None) -> RestartReport | None:
        """Save the running models (after those still loading), restart with ``changes`` applied to the form, apply
        the saved set; the sequence is the core's, this shows each step and each model's outcome."""
        page, ctx = self.page, self.page.ctx
        self._offered = None
        page.banner.clear()
        # After a crash nothing can be asked: the models as last seen are the ones brought back.
        crashed, self.seen = (self.seen if not self._running_here() else None), None
        try:
            report = await _models().restart_keeping_models(
                ctx.client, ctx.settings.profile, lambda: self._restart(changes or {}), ctx.settings.save,
                on_step=self._step, on_progress=self._progress, last_seen=crashed,
                keep=self._running_here() or crashed is not None)
        except ManagerError as exc:
            page.banner.show_error(self.tr("The server was not restarted: the running models could not be saved"),
                                   exc.one_line())
            return None
        self.last_restart = report
        if report.error is not None:
            self._restart_failed(report)
            return report
        self._show_outcome(report)
        return report

    async def _restart(self, changes: dict[str, Any]) -> None:
        """The window's part of the sequence: the new options, stop, start, and the profile's own set first."""
        page = self.page
        self._apply_fields(changes)
        options = page.options()
        page._remember(options)
        page.banner.show_info(self.tr("Restarting the server…"))
        await page.controller.stop()
        await page.controller.start(options, engine=page.engine_panel.engine)
        restoring = page.restorer.task
        if restoring is not None and not restoring.done():
            # The profile's restore-on-start set launches first; applying both at once would launch a shared UID
            # twice. What it brought back is then "already running" here.
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(restoring)

    def _restart_failed(self, report: RestartReport) -> None:
        page = self.page
        assert report.error is not None
        page.banner.clear()
        page._show_problem(report.error)  # beside the field it is about (host, port), else in the banner
        if report.kept is None:
            return
        saved = self.tr("The models are saved as the set “{0}”: apply it once the server runs.").format(
            _models().KEPT_SET)
        page._on_log("app", saved)
        if page.banner.isVisible():
            page.banner.show_error(report.error.message, f"{report.error.hint} {saved}".strip())
        else:
            page.banner.show_warning(saved)

    def _step(self, text: str) -> None:
        self.page._on_log("app", text)
        self.page.banner.show_info(text)

    async def bring_back(self, kept: ModelSet) -> RestartReport:
        """Apply a kept set now (after the login the new server asked for)."""
        report = await _models().bring_back(self.page.ctx.client(), _models().KeptModels(kept), self._progress)
        self._show_outcome(report)
        return report

    def _show_outcome(self, report: RestartReport) -> None:
        page = self.page
        self.last_restart = report
        self.last_report = report.brought_back
        lines = report.lines()
        for line in lines:
            page._on_log("app", line)
        if report.needs_login:
            self.pending = report.kept
            page.banner.show_warning(
                self.tr("Log in to bring back {0} model(s): the new server requires login.").format(
                    len(report.needs_login)),
                self.tr("They are saved as the set “{0}” and launch as soon as you log in.").format(_models().KEPT_SET))
        elif report.kept is None and not report.not_kept:
            self.pending = None
            page.banner.clear()
            page.ctx.toast.emit(self.tr("Restarted; no model was running."))
        elif report.all_back:
            self.pending = None
            page.banner.show_info(self.tr("Restarted; every model is back with its UID."), "\n".join(lines))
        else:
            self.pending = None
            page.banner.show_warning(self.tr("Restarted; some models did not come back."), "\n".join(lines))
        page.ctx.notify_server_changed()

    def _progress(self, step: SetProgress) -> None:
        if step.state == _models().LAUNCHING:
            self.page.banner.show_info(self.tr("Bringing back model {0} of {1}: {2}").format(
                step.index + 1, step.total, step.line()))

    def _credentials_changed(self) -> None:
        if self.pending is not None and self.page.ctx.session().access_token:
            kept, self.pending = self.pending, None
            self.page.bring_back(kept)
