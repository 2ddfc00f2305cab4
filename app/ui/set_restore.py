"""Restore-on-start in the window: when the server starts or is adopted, apply the profile's chosen model set
(``app.core.models.restore_on_start``) in the background, each model's outcome to the server log, failures to the
banner. The Server page owns one and tells it when the server is running."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from app.core.errors import ManagerError
from app.ui.async_slot import spawn
from app.ui.context import AppContext

log = logging.getLogger(__name__)


class SetRestorer(QObject):
    def __init__(self, ctx: AppContext, on_line: Callable[[str], None], on_failure: Callable[[str, str], None]
                 ) -> None:
        super().__init__()
        self.ctx = ctx
        self.on_line = on_line
        self.on_failure = on_failure
        self.task: asyncio.Task[None] | None = None
        self._running = False

    def server_running(self, running: bool) -> None:
        """Call on every state change: a change to running (a start, a restart, an adoption) restores once."""
        was, self._running = self._running, running
        if running and not was and self.ctx.settings.profile.restore_set:
            try:
                asyncio.get_running_loop()
            except RuntimeError:  # no loop (a page built outside the app): nothing to restore into
                return
            self.task = spawn(self, self._restore())

    def show_error(self, message: str, hint: str = "") -> None:
        """Where an unexpected failure of the restore is shown (``spawn`` looks for it): the page's banner."""
        self.on_failure(message, hint)

    async def _restore(self) -> None:
        profile = self.ctx.settings.profile
        self.on_line(self.tr("restoring model set “{0}”").format(profile.restore_set))
        from app.core.models import SetProgress, restore_on_start  # on use: not needed before the first paint

        def progress(step: SetProgress) -> None:
            if step.final:
                self.on_line(step.line("gui"))

        try:
            report = await restore_on_start(self.ctx.client(), profile, progress)
        except ManagerError as exc:
            self.on_failure(exc.message, exc.hint)
            return
        if report is None:
            return
        self.ctx.notify_server_changed()
        if not report.all_running:
            failed = [o.uid for o in report.outcomes if o.state in ("failed", "cancelled")]
            self.on_failure(self.tr("Model set “{0}”: {1} of {2} models did not come back ({3})").format(
                report.name, len(failed), len(report.outcomes), ", ".join(failed)),
                self.tr("Each model's reason is in the log below."))

    async def aclose(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
