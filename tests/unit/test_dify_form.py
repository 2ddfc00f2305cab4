"""Dify's form as typed: a URL that is not a URL is one clear line; every other mistake is named in one pass, with
the one URL that works from where Dify runs."""

from __future__ import annotations

import pytest

from app.core.dify.form import MachineFacts, parse_server_url, review_url
from app.core.errors import InvalidInput

HERE = MachineFacts(xinference_ports=(9997,), typed_port_listens=False, own_addresses=frozenset({"192.168.1.5"}))


@pytest.mark.parametrize(
    ("typed", "message"),
    [("http://127.0.0.1:99999", "Server URL 'http://127.0.0.1:99999': port 99999 is out of range"),
     ("127.0.0.1:70000", "Server URL '127.0.0.1:70000': port 70000 is out of range"),
     ("http://h:0", "Server URL 'http://h:0': port 0 is out of range"),
     ("http://[::1:9997", "Server URL 'http://[::1:9997' is not valid: an IPv6 address's '[' is not closed")],
)
def test_bad_url_is_one_clear_line(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_server_url(typed)
    assert caught.value.message == message
    assert "\n" not in caught.value.one_line()


def test_every_mistake_named_in_one_pass() -> None:
    """Issue 10: `localhost:9997/v1` took three runs, one problem each."""
    review = review_url("localhost:9997/v1", "docker-desktop", None, HERE)
    assert len(review.problems) == 3
    assert "no http://" in review.problems[0]
    assert "/v1" in review.problems[1]
    assert "localhost is Dify's plugin daemon container (Docker Desktop) itself" in review.problems[2]
    assert review.working_url == "http://host.docker.internal:9997"


def test_wrong_port_and_missing_port() -> None:
    review = review_url("http://127.0.0.1:9999", "same-host", None, HERE)
    assert review.problems == ("Nothing answers on port 9999; Xinference listens on port 9997.",)
    assert review.working_url == "http://127.0.0.1:9997"
    review = review_url("http://192.168.1.5", "docker-linux", "192.168.1.5", HERE)
    assert review.problems == ("It has no port, so Dify would use 80; Xinference's default is 9997.",)
    assert review.working_url == "http://192.168.1.5:9997"


def test_several_servers_and_none_ours_are_listed_not_guessed() -> None:
    facts = MachineFacts(xinference_ports=(9997, 9998), typed_port_listens=False)
    review = review_url("http://127.0.0.1:9999", "same-host", None, facts)
    assert review.problems == ("Nothing answers on port 9999; Xinference servers listen on ports 9997, 9998.",)
    ours = MachineFacts(xinference_ports=(9997, 9998), app_port=9998, typed_port_listens=False)
    assert review_url("http://127.0.0.1:9999", "same-host", None, ours).working_url == "http://127.0.0.1:9998"


def test_host_docker_internal_on_linux_is_replaced_by_the_bridge_address() -> None:
    review = review_url("http://host.docker.internal:9997", "docker-linux", "172.17.0.1", HERE)
    assert len(review.problems) == 1 and "does not resolve" in review.problems[0]
    assert review.working_url == "http://172.17.0.1:9997"


def test_a_good_url_has_no_problem() -> None:
    facts = MachineFacts(xinference_ports=(9997,), typed_port_listens=True)
    review = review_url("http://127.0.0.1:9997/", "same-host", None, facts)
    assert review.problems == () and review.working_url == "http://127.0.0.1:9997"
    # A port of another machine is not judged from here.
    assert review_url("http://192.0.2.7:9998", "remote", None, HERE).problems == ()
