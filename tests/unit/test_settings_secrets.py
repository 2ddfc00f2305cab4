"""Settings persist as JSON; secrets never go there; the fallback secret file is owner-only; logs are redacted."""

import json
import logging
import stat

from app.core.redact import RedactingFilter, redact
from app.core.secrets import SecretStore
from app.core.settings import Settings


def test_settings_round_trip_and_defaults() -> None:
    s = Settings.load()
    assert s.profile.server.port == 9997 and s.profile.server.host == "127.0.0.1"
    s.profile.server.port = 9123
    s.profile.server.extra_env = {"A": "1"}
    s.ui["dify"] = {"server_url": "http://x:1"}
    s.save()
    again = Settings.load()
    assert again.profile.server.port == 9123
    assert again.profile.server.extra_env == {"A": "1"}
    assert again.ui["dify"]["server_url"] == "http://x:1"


def test_damaged_settings_are_kept_aside_not_lost() -> None:
    path = Settings.path()
    path.write_text("{not json")
    s = Settings.load()
    assert s.profile.server.port == 9997
    [kept] = path.parent.glob("settings.json.damaged-*")
    assert kept.read_text() == "{not json"


def test_unknown_keys_are_ignored() -> None:
    s = Settings.from_dict({"profiles": [{"name": "x", "server": {"port": 1, "bogus": 2}, "bogus": 3}], "zz": 1,
                            "current": "x"})
    assert s.profile.name == "x" and s.profile.server.port == 1


def test_secret_file_is_owner_only_and_settings_hold_no_secret() -> None:
    store = SecretStore(use_keyring=False)
    name = SecretStore.key("http://127.0.0.1:9997/", "api_key")
    store.set(name, "xf-abcdef123456")
    assert stat.S_IMODE(store.file.stat().st_mode) == 0o600
    assert store.get(name) == "xf-abcdef123456"
    Settings.load().save()
    assert "xf-abcdef" not in Settings.path().read_text()
    store.file.chmod(0o644)
    store.forget()  # the next read goes to the file (and finds it loosened)
    assert store.get(name) == "xf-abcdef123456"
    assert stat.S_IMODE(store.file.stat().st_mode) == 0o600
    store.delete(name)
    assert store.get(name) is None
    assert json.loads(store.file.read_text()) == {}


def test_redaction_covers_tokens_keys_and_passwords() -> None:
    text = ('Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig123 key xf-AbCdEf0123456789 '
            '{"password": "hunter2secret"} Setup token: 6i3DOQ52yJ1JQphoVw')
    out = redact(text)
    for secret in ("eyJhbGciOi", "xf-AbCdEf0123456789", "hunter2secret", "6i3DOQ52yJ1JQphoVw"):
        assert secret not in out


def test_redacting_filter_rewrites_records(caplog) -> None:  # type: ignore[no-untyped-def]
    logger = logging.getLogger("app.test.redact")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("api key is %s", "xf-SECRETSECRET99")
    assert "xf-SECRETSECRET99" not in caplog.text
    assert "xf-<redacted>" in caplog.text


def test_secrets_are_read_once_and_writes_go_through_the_cache() -> None:
    store = SecretStore(use_keyring=False)
    name = SecretStore.key("http://127.0.0.1:9997", "access_token")
    other = SecretStore(use_keyring=False)  # another process, e.g. the CLI, writing the same file
    other.set(name, "first")
    assert [store.get(name) for _ in range(5)] == ["first"] * 5
    assert store.reads == 1
    store.set(name, "second")
    assert store.get(name) == "second" and store.reads == 1
    store.delete(name)
    assert store.get(name) is None and store.reads == 1
    other.set(name, "from-the-cli")
    assert store.get(name) is None, "cached until told to forget"
    store.forget()
    assert store.get(name) == "from-the-cli" and store.reads == 2


def test_where_secrets_go_is_said_in_words() -> None:
    assert SecretStore(use_keyring=False).describe() == "stored in a file only you can read"
    assert SecretStore(use_keyring=True).describe() == "stored in the system keyring"


def test_remember_password_is_off_by_default_and_persists() -> None:
    assert Settings.load().remember_password is False
    s = Settings.load()
    s.remember_password = True
    s.save()
    assert Settings.load().remember_password is True


def test_saves_merge_into_what_another_process_wrote() -> None:
    """The window read the settings at start; the CLI then saved a set and a login name. The window's own change
    (its geometry, a checkbox) is written key by key, and what the CLI wrote stays."""
    Settings().save()
    window = Settings.load()
    cli = Settings.load()
    cli.profile.model_sets.append({"name": "from the CLI", "models": []})
    cli.profile.username = "admin"
    cli.save()
    window.ui["window_geometry"] = "abc"
    window.stop_server_on_quit = False
    window.save()
    on_disk = Settings.load()
    assert [s["name"] for s in on_disk.profile.model_sets] == ["from the CLI"]
    assert on_disk.profile.username == "admin"
    assert on_disk.ui["window_geometry"] == "abc" and on_disk.stop_server_on_quit is False
    assert window.profile.username == "admin", "the saving side now holds the merged settings"
    # Both sides change the set list: each keeps its own set; the same key changed on both: the later write wins.
    window.profile.model_sets.append({"name": "from the window", "models": []})
    cli.profile.model_sets.append({"name": "second from the CLI", "models": []})
    cli.profile.username = "cli-user"
    cli.save()
    window.profile.username = "window-user"
    held = window.profile
    window.save()
    on_disk = Settings.load()
    assert {s["name"] for s in on_disk.profile.model_sets} == {"from the CLI", "from the window",
                                                               "second from the CLI"}
    assert on_disk.profile.username == "window-user"
    assert window.profile is held, "a page holding the profile keeps holding the live one"


def test_reload_takes_in_outside_changes_and_keeps_unsaved_ones() -> None:
    Settings().save()
    window = Settings.load()
    assert window.reload() is False, "nothing changed outside"
    window.auto_restart = True  # changed here, not saved yet
    cli = Settings.load()
    cli.profile.dify_location = "docker-linux"
    cli.save()
    assert window.reload() is True
    assert window.profile.dify_location == "docker-linux" and window.auto_restart is True
    window.save()
    assert Settings.load().auto_restart is True
def test_tracebacks_on_stderr_are_redacted_too() -> None:
    """The root logger's handler (stderr in the app) formats the traceback itself: a token quoted in an exception
    message, or in the stack, must be scrubbed there as well as in the message line."""
    import io

    from app.core.redact import install_redaction

    stream = io.StringIO()
    root = logging.getLogger("app.test.redact.root")
    root.propagate = False
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    root.addHandler(handler)
    try:
        install_redaction(root)
        try:
            raise RuntimeError("login failed for Bearer eyJabc.eyJdef.sig with api_key=xf-SECRET12345")
        except RuntimeError:
            root.exception("request failed")
        root.error("where it was", stack_info=True)
    finally:
        root.removeHandler(handler)
    text = stream.getvalue()
    assert "Traceback" in text and "RuntimeError: login failed" in text
    assert "eyJabc" not in text and "xf-SECRET12345" not in text and "SECRET" not in text
    assert "Bearer <redacted>" in text
