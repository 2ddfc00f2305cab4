"""Every parser of the server's JSON and of the app's files, fed anything JSON can hold: a value or one of the
app's own errors (``ManagerError``), never a traceback.

The inputs mix plain random JSON with objects built from each parser's own field names, so that the fuzzing
reaches past the first ``isinstance`` check into the fields themselves. JSON's edge values are in: integers far
beyond 64 bits, ``Infinity`` and ``NaN`` (Python's ``json`` reads them), empty and non-ASCII text, deep nesting.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.api.client import XinferenceClient
from app.core.api.types import ModelInstance, RunningModel, ServerStatus, TokenPair
from app.core.catalog.cache import CatalogEnvironment
from app.core.catalog.families import ModelShape, parse_catalog, parse_size
from app.core.catalog.fit import Recommendation
from app.core.catalog.hardware import HardwareProfile, InstalledEngines, from_cluster_info, merge_engine_answers
from app.core.catalog.packages import EnginePackages
from app.core.errors import ManagerError
from app.core.models.launch import LaunchRequest
from app.core.models.running import merge_rows
from app.core.models.sets import ModelSet, list_sets, read_set_file
from app.core.settings import Profile, Settings

# Enough to find each bug this file found at first (all within 30 examples), fast enough for the default suite.
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", "0_5", "7", "1.8", "-1", "nan", "inf", "1e999", "READY", "LOADING", "LLM", "auto"])
)
json_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def shaped(*keys: str, inner: st.SearchStrategy[Any] = json_values) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with some of ``keys`` (and a stray key now and then), each holding any JSON value."""
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), inner, max_size=len(keys) + 1)


def either(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return strategy | json_values


def value_or_own_error(parse: Callable[[], Any]) -> Any:
    try:
        return parse()
    except ManagerError as exc:
        assert exc.message  # a clear error says what happened
        return exc


# -- the catalog: families and specs ----------------------------------------------------------------------------

_SPEC_KEYS = ("model_format", "model_size_in_billions", "quantization", "model_id", "model_hub", "cache_status",
              "model_engine", "model_metadata")
_SHAPE_KEYS = ("vocab_size", "num_attention_heads", "hidden_size", "intermediate_size", "num_hidden_layers",
               "num_key_value_heads", "head_dim", "layer_types", "num_experts", "weights_bytes", "architecture_type")
_shape = shaped(*_SHAPE_KEYS, inner=either(st.integers(min_value=-2, max_value=10**30)))
_spec = shaped(*_SPEC_KEYS, inner=either(_shape))
_FAMILY_KEYS = ("model_name", "model_specs", "model_ability", "model_lang", "language", "context_length",
                "max_tokens", "model_description", "is_builtin", "model_format", "engine", "model_id")
_family = shaped(*_FAMILY_KEYS, inner=either(st.lists(either(_spec), max_size=3)))
_types = st.sampled_from(["LLM", "embedding", "rerank", "image", "audio", "video", "flexible"])


@FUZZ
@given(st.dictionaries(_types, either(st.lists(either(_family), max_size=3)), max_size=3))
def test_catalog_families_and_specs(by_type: dict[str, Any]) -> None:
    catalog = value_or_own_error(lambda: parse_catalog(by_type))
    if not isinstance(catalog, ManagerError):
        for fam in catalog.families:  # what the Catalog page reads from each family
            assert isinstance(fam.model_name, str) and fam.size_range is None or fam.size_range is not None
            for what in ("ability", "language", "format", "engine", "quantization"):
                catalog.values(what)


@FUZZ
@given(either(_shape))
def test_model_shape(data: Any) -> None:
    ModelShape.from_json(data)


@FUZZ
@given(json_values)
def test_size(value: Any) -> None:
    size = parse_size(value)
    assert size is None or isinstance(size, float)


# -- engines, cluster info, hardware, recommendations -----------------------------------------------------------

@FUZZ
@given(st.lists(either(st.dictionaries(st.text(max_size=8), either(st.lists(json_values, max_size=2)))), max_size=4),
       st.lists(_types, max_size=4))
def test_engine_answers(answers: list[Any], types: list[str]) -> None:
    engines = merge_engine_answers(answers, types)
    engines.installed, engines.missing  # noqa: B018 - what the verdicts read
    engines.is_installed("transformers", "LLM")
    InstalledEngines.from_json(engines.to_json())


_node = shaped("node_type", "gpu_count", "gpu_vram_total", "gpu_vram_available", "mem_total", "mem_available",
               "cpu_count", "ip_address", inner=either(st.integers(min_value=-5, max_value=10**20)))


@FUZZ
@given(either(st.lists(either(_node), max_size=3)))
def test_cluster_info(data: Any) -> None:
    value_or_own_error(lambda: from_cluster_info(data, "http://h:9997"))


@FUZZ
@given(either(shaped("hardware", "engines", "packages", "learnt_at", "format", "gpus", "notes", "versions",
                     "python", "by_type", "status", "config", "reasons", "warnings")))
def test_cached_environment_and_recommendation(data: Any) -> None:
    HardwareProfile.from_json(data)
    InstalledEngines.from_json(data)
    EnginePackages.from_json(data)
    value_or_own_error(lambda: CatalogEnvironment.from_json(data))
    Recommendation.from_json(data).describe()


# -- running models, status, login ------------------------------------------------------------------------------

_model = shaped("id", "model_uid", "model_name", "model_type", "model_engine", "model_size_in_billions", "replica",
                "model_ability", "context_length", "address", "status", "replica_statuses")


@FUZZ
@given(st.lists(either(_model), max_size=4), st.lists(either(_model), max_size=4))
def test_running_models_and_instances(models: list[Any], instances: list[Any]) -> None:
    parsed = [m for m in (value_or_own_error(lambda d=d: RunningModel.from_json(d)) for d in models
                          if isinstance(d, dict)) if isinstance(m, RunningModel)]
    insts = [ModelInstance.from_json(d) for d in instances if isinstance(d, dict)]
    for row in merge_rows(parsed, insts):
        json.dumps(row.as_json(), default=str)


@FUZZ
@given(either(shaped("uptime", "workers", inner=either(st.dictionaries(st.text(max_size=6), either(
    shaped("status", "cpu", "usage", "total", "memory_used", "memory_total")), max_size=2)))))
def test_server_status(data: Any) -> None:
    value_or_own_error(lambda: ServerStatus.from_json(data))


@FUZZ
@given(either(shaped("access_token", "refresh_token", "token_type")))
def test_login_answer(data: Any) -> None:
    value_or_own_error(lambda: TokenPair.from_json(data))


# The client's own readers of small answers, driven through a transport that answers with the fuzzed JSON.
_CALLS: dict[str, Callable[[XinferenceClient], Any]] = {
    "/v1/cluster/version": lambda c: c.version(),
    "/v1/cluster/auth": lambda c: c.auth_info(),
    "/v1/admin/setup/status": lambda c: c.setup_status(),
    "/token": lambda c: c.login("admin", "password"),
    "/v1/auth/refresh": lambda c: c.refresh("r"),
    "/v1/admin/keys": lambda c: c.create_api_key("dify"),
    "/v1/models": lambda c: c.list_models(),
    "/v1/models/instances": lambda c: c.instances(),
    "/v1/models/u": lambda c: c.describe_model("u"),
    "/v1/models/u/progress": lambda c: c.progress("u"),
    "/status": lambda c: c.status(),
}
_answers = either(shaped("version", "full-revisionid", "auth", "needs_setup", "initialized", "password_min_length",
                         "access_token", "key", "data", "model_uid", "progress", "workers", inner=either(
                             st.lists(either(_model), max_size=2))))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(_CALLS)), _answers)
def test_client_readers(path: str, answer: Any) -> None:
    body = json.dumps(answer).encode()

    def reply(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    async def call() -> Any:
        async with XinferenceClient("http://fuzz:1", transport=httpx.MockTransport(reply)) as client:
            try:
                return await _CALLS[path](client)
            except ManagerError as exc:
                return exc

    asyncio.run(call())


# -- model sets and settings on disk ----------------------------------------------------------------------------

_request = shaped("model_name", "model_type", "model_uid", "model_engine", "replica", "n_gpu", "gpu_idx",
                  "context_length", "options", "model_size_in_billions",
                  inner=either(st.sampled_from(["tiny", "LLM", "embedding", "Transformers", "a/b", " "])))
_set = shaped("format", "version", "name", "models",
              inner=either(st.sampled_from(["xinference-manager model set", 1, 2, "s"]) | st.lists(
                  either(_request), max_size=3)))


@FUZZ
@given(either(_set))
def test_model_set(data: Any) -> None:
    found = value_or_own_error(lambda: ModelSet.from_json(data))
    if isinstance(found, ModelSet):
        assert ModelSet.from_json(found.to_json()) == found
    list_sets(Profile(model_sets=[data]))  # a damaged set in the settings is left out, never raised


@FUZZ
@given(either(_request))
def test_launch_request(data: Any) -> None:
    value_or_own_error(lambda: LaunchRequest.from_json(data))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200) | either(_set).map(lambda v: json.dumps(v).encode()))
def test_set_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "set.json"
    path.write_bytes(content)
    value_or_own_error(lambda: read_set_file(path))


_server = shaped("host", "port", "home", "model_source", "log_level", "auth_enabled", "extra_env", "engine_path")
_profile = shaped("name", "kind", "endpoint", "username", "server", "model_sets", "restore_set", "dify_location",
                  inner=either(_server))
_settings = shaped("profiles", "current", "stop_server_on_quit", "auto_restart", "auto_restart_max",
                   "install_requirement", "install_pip_args", "remember_password", "ui", "version",
                   inner=either(st.lists(either(_profile), max_size=2)))


@FUZZ
@given(either(_settings))
def test_settings(data: Any) -> None:
    loaded = value_or_own_error(lambda: Settings.from_dict(data))
    if isinstance(loaded, Settings):
        # What the rest of the app reads right after loading works on whatever was kept.
        assert isinstance(loaded.profile.server.port, int) and isinstance(loaded.profile.server_url(), str)
        assert isinstance(loaded.profile.model_sets, list) and isinstance(loaded.ui, dict)
        assert isinstance(loaded.auto_restart_max, int) and isinstance(loaded.install_pip_args, list)
        Settings.from_dict(json.loads(json.dumps(_asdict(loaded))))


def _asdict(s: Settings) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(s)
