"""The harness itself: real servers start, and the offline models answer through the OpenAI-compatible API."""

import httpx

from tests.support.harness import RunningServer


def test_models_answer_on_plain_server(xinf_server: RunningServer) -> None:
    r = httpx.post(f"{xinf_server.endpoint}/v1/embeddings",
                   json={"model": xinf_server.uids["embedding"], "input": ["ping"]}, timeout=60)
    assert r.status_code == 200
    assert len(r.json()["data"][0]["embedding"]) == 384


def test_login_server_rejects_anonymous_and_accepts_key(xinf_auth_server: RunningServer) -> None:
    url = f"{xinf_auth_server.endpoint}/v1/models/{xinf_auth_server.uids['LLM']}"
    assert httpx.get(url, timeout=30).status_code == 401
    ok = httpx.get(url, headers={"Authorization": f"Bearer {xinf_auth_server.api_key}"}, timeout=30)
    assert ok.status_code == 200
    assert "chat" in ok.json()["model_ability"]
