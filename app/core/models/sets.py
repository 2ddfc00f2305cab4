"""Model sets: a named list of launch requests (UIDs included), kept per profile and shareable as a JSON file.

A set is stored in the profile's settings as the same readable JSON that ``export_set`` writes, so a file and the
settings never disagree on the format. Everything read (a file, a hand-edited settings file) is validated in full
before anything changes; a problem is one ``InvalidInput`` line naming the model and the field.

``set_from_running`` turns what a server runs into a set. The server reports engine, format, size, quantization,
replica count and GPUs of each running model, but not the launch's context length or extra engine options (its
``context_length`` is the family's maximum, measured on 4.1): those are kept from a set saved before, when the
same UID runs the same model.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.core.api.client import XinferenceClient
from app.core.atomic import write_atomic
from app.core.errors import InvalidInput, ModelNotFound
from app.core.models.launch import LaunchRequest
from app.core.models.running import running_rows
from app.core.settings import Profile

log = logging.getLogger(__name__)

SET_FORMAT = "xinference-manager model set"
SET_VERSION = 1
_NAME_MAX = 100


def validate_set_name(name: str) -> str:
    """The name as stored: stripped, non-empty, printable, at most 100 characters."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("A model set needs a name", "Give the set a short name, e.g. 'dify-rag'.")
    if len(name) > _NAME_MAX or not name.isprintable():
        raise InvalidInput(f"The set name {name[:40]!r} is not usable",
                           f"Use at most {_NAME_MAX} printable characters.")
    return name


@dataclass(frozen=True)
class ModelSet:
    name: str
    models: tuple[LaunchRequest, ...] = ()

    @property
    def uids(self) -> tuple[str, ...]:
        return tuple(m.model_uid for m in self.models)

    def to_json(self) -> dict[str, Any]:
        return {"format": SET_FORMAT, "version": SET_VERSION, "name": self.name,
                "models": [m.to_json() for m in self.models]}

    @classmethod
    def from_json(cls, data: Any, name: str | None = None) -> ModelSet:
        """Validate a set's JSON in full; ``name`` overrides the one inside (an import under another name)."""
        if not isinstance(data, dict):
            raise InvalidInput("A model set must be a JSON object", f"Expected {{\"format\": \"{SET_FORMAT}\", ...}}.")
        if data.get("format") != SET_FORMAT:
            raise InvalidInput("This is not a model set file",
                               f"Its \"format\" field should be {SET_FORMAT!r}; export a set to see the layout.")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise InvalidInput(f"The model set's version {version!r} is not a positive number")
        if version > SET_VERSION:
            raise InvalidInput(f"This model set was written by a newer version (format version {version})",
                               "Update Xinference Manager to read it.")
        set_name = validate_set_name(name if name is not None else _text(data.get("name")))
        raw_models = data.get("models")
        if not isinstance(raw_models, list):
            raise InvalidInput(f"Model set {set_name!r} has no \"models\" list")
        models: list[LaunchRequest] = []
        for i, raw in enumerate(raw_models, 1):
            label = f"model #{i}" + (f" ({raw['model_name']})" if isinstance(raw, dict) and
                                     isinstance(raw.get("model_name"), str) else "")
            try:
                req = LaunchRequest.from_json(raw)
            except InvalidInput as exc:
                raise InvalidInput(f"Model set {set_name!r}, {label}: {exc.message}", exc.hint) from exc
            if not req.model_uid:
                raise InvalidInput(f"Model set {set_name!r}, {label}: no model_uid",
                                   "A set relaunches models under their UIDs; give each one a UID.")
            if req.model_uid in {m.model_uid for m in models}:
                raise InvalidInput(f"Model set {set_name!r}: the UID {req.model_uid!r} appears twice",
                                   "Each model of a set needs its own UID.")
            models.append(req)
        return cls(set_name, tuple(models))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# -- the sets of a profile --------------------------------------------------------------------------------------
# These change the profile in memory; the caller saves the settings (Settings.save) once the change is made.

def list_sets(profile: Profile) -> list[ModelSet]:
    """The profile's sets in their saved order. One damaged by hand is left out (and logged), never removed."""
    out = []
    for raw in profile.model_sets:
        try:
            out.append(ModelSet.from_json(raw))
        except InvalidInput as exc:
            log.warning("a model set in the settings is unreadable and was left as it is: %s", exc.message)
    return out


def get_set(profile: Profile, name: str) -> ModelSet:
    wanted = name.strip()
    for model_set in list_sets(profile):
        if model_set.name == wanted:
            return model_set
    known = ", ".join(s.name for s in list_sets(profile)) or "none yet"
    raise InvalidInput(f"No model set named {wanted!r}", f"Sets of this server: {known}.")


def _index(profile: Profile, name: str) -> int | None:
    for i, raw in enumerate(profile.model_sets):
        if isinstance(raw, dict) and raw.get("name") == name:
            return i
    return None


def store_set(profile: Profile, model_set: ModelSet, *, replace_existing: bool = False) -> None:
    """Add the set, or replace the one of that name when ``replace_existing``; else a taken name is refused."""
    ModelSet.from_json(model_set.to_json())  # a set built in code gets the same checks as one read from a file
    at = _index(profile, model_set.name)
    if at is not None and not replace_existing:
        raise InvalidInput(f"A model set named {model_set.name!r} already exists",
                           "Choose another name, or replace that set.",
                           hints={"cli": "Choose another name (import --name), or add --replace."})
    if at is None:
        profile.model_sets.append(model_set.to_json())
    else:
        profile.model_sets[at] = model_set.to_json()


def delete_set(profile: Profile, name: str) -> None:
    at = _index(profile, get_set(profile, name).name)
    assert at is not None  # get_set found it
    del profile.model_sets[at]
    if profile.restore_set == name.strip():
        profile.restore_set = ""  # restoring a set that is gone would fail at every start


def rename_set(profile: Profile, old: str, new: str) -> ModelSet:
    model_set = get_set(profile, old)
    new = validate_set_name(new)
    if new != model_set.name and _index(profile, new) is not None:
        raise InvalidInput(f"A model set named {new!r} already exists", "Choose another name, or delete that set.")
    renamed = replace(model_set, name=new)
    at = _index(profile, model_set.name)
    assert at is not None
    profile.model_sets[at] = renamed.to_json()
    if profile.restore_set == model_set.name:
        profile.restore_set = new
    return renamed


def set_restore_on_start(profile: Profile, name: str | None) -> None:
    """Name the set to apply whenever this server starts or is adopted (``None`` or empty: none)."""
    profile.restore_set = get_set(profile, name).name if name and name.strip() else ""


# -- files ------------------------------------------------------------------------------------------------------

def export_set(model_set: ModelSet, path: str | Path) -> Path:
    target = Path(path).expanduser()
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder", "Give a file name, e.g. my-set.json.")
    try:
        write_atomic(target, json.dumps(model_set.to_json(), indent=2) + "\n")
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {exc.strerror or exc}",
                           "Choose a folder you can write to.") from exc
    return target


def read_set_file(path: str | Path, name: str | None = None) -> ModelSet:
    """A set from a file, validated in full (nothing is stored: ``store_set`` does that)."""
    source = Path(path).expanduser()
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InvalidInput(f"Cannot read {source}: {reason}", "Check the file name.") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise InvalidInput(f"{source} is not valid JSON{line}", "Export a set to see the expected layout.") from exc
    try:
        return ModelSet.from_json(data, name=name)
    except InvalidInput as exc:
        raise InvalidInput(f"{source}: {exc.message}", exc.hint) from exc


# -- running models as a set ------------------------------------------------------------------------------------

def request_from_description(uid: str, desc: dict[str, Any]) -> LaunchRequest:
    """The launch request that brings back a running model, from ``GET /v1/models/{uid}``.

    Registered custom models relaunch by name (the server knows their folder). ``accelerators`` are the GPUs one
    replica got; none means the server chose the CPU (or has no GPU), so "auto" gives the same placement back."""
    size = desc.get("model_size_in_billions")
    accelerators = desc.get("accelerators") or []
    replica = desc.get("replica")
    options: dict[str, Any] = {}
    n_worker = desc.get("n_worker")
    if isinstance(n_worker, int) and n_worker > 1:
        options["n_worker"] = n_worker  # a model spread over workers of a cluster
    return LaunchRequest(
        model_name=_text(desc.get("model_name")),
        model_type=_text(desc.get("model_type")) or "LLM",
        model_engine=_text(desc.get("model_engine")),
        model_format=_text(desc.get("model_format")),
        model_size_in_billions="" if size is None else str(size),
        quantization=_text(desc.get("quantization")),
        model_uid=uid,
        replica=replica if isinstance(replica, int) and replica >= 1 else 1,
        n_gpu=str(len(accelerators)) if isinstance(accelerators, list) and accelerators else "auto",
        options=options,
    )


def _keep_what_server_forgets(found: LaunchRequest, earlier: LaunchRequest | None) -> LaunchRequest:
    """An earlier request for the same UID and model keeps what the server cannot report back."""
    if earlier is None or (earlier.model_name, earlier.model_type) != (found.model_name, found.model_type):
        return found
    return replace(earlier, model_engine=found.model_engine, model_format=found.model_format,
                   model_size_in_billions=found.model_size_in_billions, quantization=found.quantization,
                   replica=found.replica)


async def set_from_running(client: XinferenceClient, name: str, earlier: ModelSet | None = None) -> ModelSet:
    """The server's running models as a set named ``name``, one entry per client UID.

    Launches still loading are left out: the server cannot describe them yet (no engine, format or size)."""
    name = validate_set_name(name)
    remembered = {m.model_uid: m for m in earlier.models} if earlier else {}
    models = []
    for row in await running_rows(client):
        if row.status != "READY":
            continue
        try:
            desc = await client.describe_model(row.uid)
        except ModelNotFound:
            continue  # terminated between the two requests
        found = request_from_description(row.uid, desc)
        models.append(_keep_what_server_forgets(found, remembered.get(row.uid)))
    return ModelSet(name, tuple(models))
