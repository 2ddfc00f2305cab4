"""Take the README's screenshots of the real window (run under Xvfb: ``xvfb-run -a .venv/bin/python
packaging/screenshots.py``).

It opens the app with a throw-away settings folder, starts a real server from the Server page (the test engine
from ``tests/support/harness.py``), launches the offline test models, visits each page and saves PNGs to
``resources/screenshots/``. The server is stopped at the end.

    packaging/screenshots.py                              # every page, in English: server.png, catalog.png, ...
    packaging/screenshots.py --language fa --pages server # the Server page in Persian: server-fa.png

Other languages need fonts that cover their script (Debian: ``fonts-noto-cjk`` for Chinese, ``fonts-noto-ui-core``
for Persian); without them Qt draws empty boxes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "screenshots"


async def wait_for(predicate, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.2)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Take the README's screenshots of the real window.")
    parser.add_argument("--language", default="en", help="en (default), zh_CN or fa")
    parser.add_argument("--pages", default=os.environ.get("XIM_SHOT_PAGES", ""),
                        help="comma-separated page keys to take (default: all): server,catalog,running,dify")
    return parser.parse_args(argv)


def shot_name(key: str, language: str) -> str:
    """``server.png`` in English, ``server-fa.png`` in Persian."""
    return f"{key}.png" if language == "en" else f"{key}-{language}.png"


async def main(args: argparse.Namespace) -> None:
    from app.core.server.supervisor import ServerState
    from app.core.settings import Settings
    from app.ui.application import shutdown
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from tests.support import harness

    venv = harness.ensure_engine()
    models = harness.ensure_models(venv)
    settings = Settings()
    settings.profile.server.engine_path = str(venv)
    settings.profile.server.port = harness.free_port()
    settings.profile.server.home = tempfile.mkdtemp(prefix="xim-shots-home-")
    settings.profile.server.auth_enabled = False
    settings.profile.dify_location = "docker-desktop"  # answered, as after a first run: the Server page says the URL
    settings.save()
    ctx = AppContext(settings)
    window = MainWindow(ctx)
    window.resize(1280, 820)
    window.show()
    server = window.pages["server"]
    await wait_for(lambda: server.engine_panel.engine is not None, 60)  # type: ignore[attr-defined]
    server.start_button.click()  # type: ignore[attr-defined]
    await wait_for(lambda: server.controller.state is ServerState.RUNNING, 240)  # type: ignore[attr-defined]
    running = harness.RunningServer(ctx.endpoint, "127.0.0.1", settings.profile.server.port, Path("."), Path("."), 0,
                                    False)
    await asyncio.to_thread(harness.register_test_models, running, models)
    await asyncio.to_thread(harness.launch_test_models, running)
    await asyncio.sleep(4)
    OUT.mkdir(parents=True, exist_ok=True)
    # e.g. "server,running": take just these (every page is built: the Server page starts the server)
    wanted = [key for key in window.pages if not args.pages or key in args.pages.split(",")]
    for key in wanted:
        window.show_page(key, {"server_url": ctx.endpoint, "model_uid": running.uids.get("LLM", ""),
                               "model_type": "LLM"} if key == "dify" else None)
        await asyncio.sleep(6)
        if key == "dify" and hasattr(window.pages[key], "run_test"):
            window.pages[key].run_test()  # type: ignore[attr-defined]
            await asyncio.sleep(8)
        path = OUT / shot_name(key, args.language)
        window.grab().save(str(path))
        print(f"saved {path}")
    window.show_page("server")
    server.stop_on_quit.setChecked(True)  # type: ignore[attr-defined]
    await shutdown(window, ctx)
    window.close()


if __name__ == "__main__":
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.ui import i18n

    arguments = parse_args(sys.argv[1:])
    if arguments.language not in i18n.LANGUAGES:
        sys.exit(f"error: unknown language {arguments.language!r}: one of {', '.join(i18n.LANGUAGES)}")
    os.environ.setdefault("XINFERENCE_MANAGER_HOME", tempfile.mkdtemp(prefix="xim-shots-"))
    os.environ.setdefault("XINFERENCE_MANAGER_NO_KEYRING", "1")
    app = QApplication(sys.argv[:1])
    i18n.install(app, arguments.language)  # before the window: its texts are translated as it is built
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(main(arguments))
