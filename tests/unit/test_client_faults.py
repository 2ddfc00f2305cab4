"""The client turns every transport fault and odd answer into a typed error with a clear message."""

import socket

import pytest

from app.core.api.client import XinferenceClient, normalize_endpoint
from app.core.errors import (
    ApiError,
    AuthForbidden,
    AuthRequired,
    MalformedResponse,
    ModelNotFound,
    NotXinference,
    ServerTimeout,
    ServerUnreachable,
)
from tests.support.fake_http import FakeHttp, serve


def test_normalize_endpoint() -> None:
    assert normalize_endpoint(" localhost:9997/ ") == "http://localhost:9997"
    assert normalize_endpoint("https://h/x/") == "https://h/x"
    with pytest.raises(ValueError):
        normalize_endpoint("")


async def test_connection_refused_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: refused
        async with XinferenceClient(f"http://127.0.0.1:{port}") as c:
            with pytest.raises(ServerUnreachable) as err:
                await c.version()
    assert "refused" in err.value.message


async def test_unresolvable_host() -> None:
    async with XinferenceClient("http://no-such-host.invalid:9997") as c:
        with pytest.raises(ServerUnreachable):
            await c.version()


async def test_malformed_json() -> None:
    async with serve(FakeHttp({"/v1/models": (200, "{oops")})) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(MalformedResponse, match="not JSON"):
            await c.list_models()


async def test_wrong_shape() -> None:
    async with serve(FakeHttp({"/v1/models": (200, "[1,2]")})) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(MalformedResponse, match="expected"):
            await c.list_models()


async def test_hang_times_out() -> None:
    async with serve(FakeHttp({"/v1/models": "hang"})) as fake, XinferenceClient(fake.url, timeout=0.5) as c:
        with pytest.raises(ServerTimeout, match="did not answer"):
            await c.list_models()


async def test_reset_is_unreachable() -> None:
    async with serve(FakeHttp({"/v1/models": "reset"})) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(ServerUnreachable):
            await c.list_models()


async def test_not_xinference() -> None:
    async with serve(FakeHttp({"/v1/cluster/version": (200, '{"hello": 1}')})) as fake:
        async with XinferenceClient(fake.url) as c:
            with pytest.raises(NotXinference):
                await c.version()


async def test_status_codes_map_to_errors() -> None:
    routes = {
        "/v1/models": (401, '{"detail":"Could not validate credentials"}'),
        "/v1/models/abc": (400, '{"detail":"Model not found in the model list, uid: abc"}'),
        "/v1/admin/keys": (401, '{"detail":"API keys can only access model query and inference endpoints"}'),
        "/v1/models/instances": (500, "boom"),
    }
    async with serve(FakeHttp(routes)) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(AuthRequired):
            await c.list_models()
        with pytest.raises(ModelNotFound) as nf:
            await c.describe_model("abc")
        assert "not the model's name" in nf.value.hint
        with pytest.raises(AuthForbidden):
            await c.create_api_key("x")
        with pytest.raises(ApiError) as api:
            await c.instances()
        assert api.value.status == 500 and "boom" in api.value.message


async def test_old_server_without_login_api() -> None:
    async with serve(FakeHttp({})) as fake, XinferenceClient(fake.url) as c:
        info = await c.auth_info()
        assert info.auth is False and info.has_login_api is False
        assert await c.setup_status() is None
        assert await c.recommend("x", "LLM") is None


async def test_token_refresh_on_401() -> None:
    fake = FakeHttp({"/v1/models": (401, '{"detail":"expired"}')})
    async with serve(fake), XinferenceClient(fake.url, token="old") as c:
        calls = []

        async def refresher() -> str | None:
            calls.append(1)
            fake.routes["/v1/models"] = (200, '{"object":"list","data":[]}')
            return "new"

        c.refresher = refresher
        assert await c.list_models() == []
        assert c.token == "new" and calls == [1]


async def test_raw_request_returns_our_reply_not_an_httpx_response() -> None:
    from app.core.api import Reply

    async with serve(FakeHttp({"/v1/model_registrations/LLM": (200, '[{"model_name": "x"}]')})) as fake, \
            XinferenceClient(fake.url) as c:
        reply = await c.request("GET", "/v1/model_registrations/LLM", params={"detailed": "true"})
    assert isinstance(reply, Reply) and reply.status == 200
    assert reply.text == '[{"model_name": "x"}]' and reply.content == reply.text.encode()


async def test_login_says_wrong_password_only_when_the_server_refused_it() -> None:
    """Issue 14 item 11: a 500 from /token is the server's trouble, not "the name or password was not accepted"."""
    from app.core.api.auth import AuthSession
    from app.core.errors import ManagerError
    from app.core.secrets import SecretStore

    broken = FakeHttp({"/token": (500, '{"detail":"database is locked"}')})
    refused = FakeHttp({"/token": (401, '{"detail":"Incorrect username or password"}')})
    async with serve(broken) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(ManagerError) as err:
            await AuthSession(c, SecretStore()).login("admin", "a-password")
    assert not isinstance(err.value, AuthRequired)
    assert "500" in err.value.message and "database is locked" in err.value.message
    assert "not accepted" not in err.value.message
    async with serve(refused) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(AuthRequired, match="the name or password was not accepted"):
            await AuthSession(c, SecretStore()).login("admin", "wrong-password")
