"""Start the GUI: one QApplication, one qasync event loop shared by Qt and asyncio."""

from __future__ import annotations

import asyncio
import logging
import sys

from PySide6.QtWidgets import QApplication

from app.core.redact import install_redaction
from app.core.settings import Settings


def run_gui(argv: list[str]) -> int:
    import qasync

    from app.ui import i18n
    from app.ui.context import AppContext
    from app.ui.dialogs.about_dialog import app_icon
    from app.ui.log_bridge import install_gui_log_handler
    from app.ui.main_window import MainWindow
    from app.ui.single_instance import InstanceServer, hand_over

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll would drown the log
    install_gui_log_handler()
    install_redaction()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName("Xinference Manager")
    app.setOrganizationName("xinference-manager")
    app.setDesktopFileName("xinference-manager")  # Wayland matches the window to the menu entry by this name
    app.setWindowIcon(app_icon())
    page = page_argument(argv)
    if hand_over(page):  # another app of this user is running: it comes to the front instead
        print("Xinference Manager is already running: brought its window to the front.")
        return 0
    instance = InstanceServer()
    instance.listen()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ctx = AppContext(Settings.load())
    i18n.install(app, ctx.settings.ui.get("language"))
    window = MainWindow(ctx)
    window.show()
    window.install_tray()
    instance.activated.connect(window.bring_to_front)
    if page:
        window.show_page(page)
    # Qt must not quit on its own when the window closes: the loop has to run on while the server is stopped
    # (or detached) and the HTTP clients are closed, then the app ends.
    app.setQuitOnLastWindowClosed(False)
    closed = asyncio.Event()
    window.closing.connect(closed.set)

    async def until_closed() -> None:
        await closed.wait()
        await shutdown(window, ctx)

    with loop:
        loop.run_until_complete(until_closed())
    return 0


def page_argument(argv: list[str]) -> str | None:
    """``--page NAME`` (or ``--page=NAME``): the page to open on (server, catalog, running, dify)."""
    for i, arg in enumerate(argv):
        if arg == "--page" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--page="):
            return arg.split("=", 1)[1]
    return None


async def shutdown(window: object, ctx: object) -> None:
    """Let pages finish (stop the server if so set), close clients, cancel leftovers: no pending-task warnings."""
    pages = getattr(window, "pages", {})
    for page in pages.values():
        aclose = getattr(page, "aclose", None)
        if aclose is not None:
            await aclose()
    await ctx.aclose()  # type: ignore[attr-defined]
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
