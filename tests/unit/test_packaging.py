"""Packaging: the wheel carries the stylesheet and icons inside the package (and no screenshots), an editable
install finds them too, the pins say what was tested, and the launcher files are valid."""

from __future__ import annotations

import configparser
import io
import os
import plistlib
import shutil
import struct
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from app.core import autostart
from app.core.launchers import desktop_entry, exec_line, install_menu_entry, launch_command, uninstall_menu_entry
from app.resource_files import ICON_SIZES, ICON_SVG, icon_png, read_bytes, read_text

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _source_copy(target: Path) -> Path:
    """The files git would ship (tracked and new, not ignored), copied: building never writes into the tree."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = _source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    (built,) = out.glob("xinference_manager-*.whl")
    return built


def test_wheel_ships_resources_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "app/resources/style.qss" in names
    assert f"app/resources/{ICON_SVG}" in names
    assert all(f"app/resources/{icon_png(size)}" in names for size in ICON_SIZES)
    assert not [n for n in names if n.startswith("resources/")], "nothing at the root of site-packages"
    assert not [n for n in names if "screenshots" in n], "the README's screenshots stay out of the package"
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    parsed = configparser.ConfigParser()
    parsed.read_string(entry_points)
    assert parsed["console_scripts"]["xinference-manager"] == "app.__main__:main"
    assert parsed["gui_scripts"]["xinference-manager-gui"] == "app.__main__:main_gui"


def test_installed_wheel_reads_its_stylesheet(wheel: Path, tmp_path: Path) -> None:
    """Installed from the wheel (not this checkout) the package finds its own data."""
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                        str(wheel)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    code = ("import app, app.resource_files as r; print(app.__file__); print(r.resource_root()); "
            "print(len(r.read_text('style.qss')), len(r.read_bytes(r.icon_png(64))))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    app_file, root, sizes = r.stdout.splitlines()
    assert app_file.startswith(str(target)) and root.startswith(str(target)), r.stdout
    assert sizes == f"{len(read_text('style.qss'))} {len(read_bytes(icon_png(64)))}"


def test_editable_install_reads_resources_from_the_tree(tmp_path: Path) -> None:
    src = _source_copy(tmp_path / "src")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    r = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(src)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    code = "import importlib.resources as ir; print(ir.files('app.resources').joinpath('style.qss').read_text())"
    r = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (src / "resources" / "style.qss").read_text(encoding="utf-8").strip()


def test_every_package_and_data_folder_is_listed() -> None:
    """pyproject lists packages by hand (find cannot see resources/ mapped into app): a new one must be added."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "app").rglob("__init__.py")}
    data = {"app.resources" + "".join("." + part for part in p.relative_to(ROOT / "resources").parts)
            for p in [ROOT / "resources", *(ROOT / "resources").rglob("*")]
            if p.is_dir() and "screenshots" not in p.parts and p.name != "__pycache__"}
    missing = (on_disk | data) - listed
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"
    assert not listed - (on_disk | data), "pyproject lists packages that do not exist"


def _requirements(group: list[str]) -> dict[str, Requirement]:
    return {Requirement(r).name.lower(): Requirement(r) for r in group}


def test_pins_exclude_only_the_broken_qt_binding() -> None:
    spec = _requirements(PYPROJECT["project"]["dependencies"])["pyside6-essentials"].specifier
    assert not spec.contains("6.12.0")
    assert all(spec.contains(v) for v in ("6.8.0", "6.11.3", "6.12.1", "6.13.0"))


def test_linters_are_pinned_to_the_tested_range() -> None:
    from importlib.metadata import version

    test_deps = _requirements(PYPROJECT["project"]["optional-dependencies"]["test"])
    for name in ("ruff", "mypy"):
        spec = test_deps[name].specifier
        assert spec.contains(version(name)), f"{name} {version(name)} runs the suite but is outside {spec}"
        assert any(s.operator == "<" for s in spec), f"{name} has no upper bound"
    assert Version("0.24") in test_deps["pytest-asyncio"].specifier


def test_test_dependencies_are_used() -> None:
    """Each test dependency is imported or configured somewhere (its import name or its pytest option)."""
    used_by = {"pytest": "import pytest", "pytest-qt": "qtbot", "pytest-asyncio": "asyncio_mode",
               "pytest-timeout": "timeout =", "pytest-xdist": "xdist_group", "hypothesis": "from hypothesis import",
               "ruff": "ruff", "mypy": "mypy", "import-linter": "lint-imports"}
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    for name in _requirements(PYPROJECT["project"]["optional-dependencies"]["test"]):
        assert name in used_by, f"{name}: a test dependency nothing here uses"
        assert used_by[name] in text, f"{name} is no longer used"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icons_come_in_every_size() -> None:
    assert read_text(ICON_SVG).lstrip().startswith("<?xml")
    for size in ICON_SIZES:
        assert _png_size(read_bytes(icon_png(size))) == (size, size)


def _validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    assert tool, "desktop-file-validate is missing: install desktop-file-utils (packaging/bootstrap.py does)"
    r = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_menu_entry_installs_validates_and_uninstalls(tmp_path: Path) -> None:
    home = tmp_path / "home"
    command = [str(tmp_path / "My Apps" / "xinference-manager-gui"), "--page", "50%"]
    written = install_menu_entry(env={}, home=home, command=command)
    entry = home / ".local/share/applications/xinference-manager.desktop"
    assert entry in written
    _validate(entry)
    assert (home / ".local/share/icons/hicolor/48x48/apps/xinference-manager.png").read_bytes() == \
        read_bytes(icon_png(48))
    assert (home / ".local/share/icons/hicolor/scalable/apps/xinference-manager.svg").exists()
    assert f'Exec="{command[0]}" --page 50%%' in entry.read_text()
    removed = uninstall_menu_entry(env={}, home=home)
    assert set(removed) == set(written)
    assert not [p for p in home.rglob("*") if p.is_file()], "uninstall leaves nothing behind"
    assert uninstall_menu_entry(env={}, home=home) == []


def test_menu_entry_follows_xdg_data_home(tmp_path: Path) -> None:
    data = tmp_path / "data"
    install_menu_entry(env={"XDG_DATA_HOME": str(data)}, home=tmp_path / "home", command=["/usr/bin/x"])
    assert (data / "applications/xinference-manager.desktop").exists()
    assert not (tmp_path / "home").exists()


def _unquote_exec(value: str) -> list[str]:
    """The Desktop Entry spec's reading of an Exec value (string unescape, then quoted arguments)."""
    value = value.replace("\\\\", "\\")
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(value):
        c = value[i]
        if quoted and c == "\\":
            current += value[i + 1]
            i += 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started or current:
                args.append(current)
            current, started = "", False
        else:
            current += c
        i += 1
    if started or current:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


def test_exec_line_round_trips_awkward_paths() -> None:
    command = ["/opt/My App/bin/run", 'say "hi"', "back\\slash", "$HOME", "100%", "plain"]
    assert _unquote_exec(exec_line(command)) == command


def test_launch_command_prefers_the_gui_script(tmp_path: Path) -> None:
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.write_text("")
    assert launch_command(str(python), frozen=False)[1:] == ["-m", "app"]
    gui = tmp_path / "bin" / ("xinference-manager-gui" + (".exe" if sys.platform == "win32" else ""))
    gui.write_text("")
    assert launch_command(str(python), frozen=False) == [str(gui)]
    assert launch_command(str(tmp_path / "bin" / "packaged"), frozen=True) == [str(gui)]


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_autostart_enable_disable_per_platform(platform: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env: dict[str, str] = {}
    command = [str(home / "Apps" / "xinference-manager-gui")]
    assert not autostart.is_enabled(platform, env, home)
    path = autostart.enable(platform, env, home, command=command)
    assert autostart.is_enabled(platform, env, home)
    content = path.read_bytes()
    if platform == "linux":
        assert path == home / ".config/autostart/xinference-manager.desktop"
        _validate(path)
        assert "X-GNOME-Autostart-enabled=true" in content.decode()
    elif platform == "win32":
        assert path.parent == home / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup"
        assert path.suffix == ".cmd"
        assert content.decode().splitlines()[-1] == f'start "" "{command[0]}"'
    else:
        assert path == home / "Library/LaunchAgents/io.github.xinference-manager.plist"
        agent = plistlib.load(io.BytesIO(content))
        assert agent["ProgramArguments"] == command and agent["RunAtLoad"] is True
    assert autostart.disable(platform, env, home)
    assert not autostart.is_enabled(platform, env, home)
    assert not autostart.disable(platform, env, home)


def test_autostart_follows_appdata_and_xdg_config_home(tmp_path: Path) -> None:
    appdata = tmp_path / "Roaming"
    assert autostart.entry_path("win32", {"APPDATA": str(appdata)}, tmp_path).is_relative_to(appdata)
    config = tmp_path / "cfg"
    assert autostart.entry_path("linux", {"XDG_CONFIG_HOME": str(config)}, tmp_path) == \
        config / "autostart/xinference-manager.desktop"
    # A relative XDG value is invalid per the spec: the default is used.
    assert autostart.entry_path("linux", {"XDG_CONFIG_HOME": "cfg"}, tmp_path) == \
        tmp_path / ".config/autostart/xinference-manager.desktop"


def test_desktop_cli_installs_and_removes(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": ""}
    run = [sys.executable, "-m", "app", "desktop"]
    r = subprocess.run([*run, "install"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    _validate(tmp_path / ".local/share/applications/xinference-manager.desktop")
    r = subprocess.run([*run, "autostart", "status"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 1 and "does not start at login" in r.stdout
    r = subprocess.run([*run, "autostart", "on"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0 and (tmp_path / ".config/autostart/xinference-manager.desktop").exists()
    r = subprocess.run([*run, "uninstall"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0 and not (tmp_path / ".local/share/applications/xinference-manager.desktop").exists()


def test_desktop_entry_names_the_icon_it_installs() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(desktop_entry(["/usr/bin/x"]))
    assert entry["Desktop Entry"]["Icon"] == "xinference-manager"
    assert entry["Desktop Entry"]["Terminal"] == "false"
