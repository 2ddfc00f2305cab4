"""A model's process that dies is reported once, with its UID and Xinference's own reason; a terminated model is
not a failure. The log lines are the ones a real Xinference 4.1 wrote when its model process was killed."""

from __future__ import annotations

import asyncio

from app.core.server.model_failures import ModelFailure, ModelFailureWatch

PREFIX = "2026-11-30T05:17:18.988Z ERROR xinference.core.worker pid:11090 role:local address:127.0.0.1:23335 node:vm "
LOAD_FAILED = PREFIX + "Failed to load model victim-rep0"
LAUNCH_FAILED = ("2026-11-30T05:17:19.013Z ERROR xinference.core.supervisor pid:11090 role:local "
                 "address:127.0.0.1:23335 node:vm Failed to launch replica victim-rep0: Start sub pool failed, "
                 "returncode: -9")
RECREATING = PREFIX.replace("ERROR", "WARNING") + "Recreating model actor emb2-rep0 ..."
TERMINATE = (PREFIX.replace("ERROR", "INFO") + "[request 9459bb44] Enter terminate_model, args: <WorkerActor>, "
             "kwargs: model_uid=emb-rep0 request_id=\"9459bb44\"")


async def _settle() -> None:
    await asyncio.sleep(0.15)


async def test_a_model_that_dies_while_loading_is_reported_once_with_its_reason() -> None:
    seen: list[ModelFailure] = []
    watch = ModelFailureWatch(seen.append, settle_s=0.05)
    watch.line(LOAD_FAILED)
    watch.pool_ended("victim-rep0", 11799, loading=True)
    watch.line("Traceback (most recent call last):")
    watch.line(LAUNCH_FAILED)
    await _settle()
    assert len(seen) == 1
    failure = seen[0]
    assert (failure.model_uid, failure.replica_uid, failure.pid, failure.while_loading) == (
        "victim", "victim-rep0", 11799, True)
    assert failure.reason == "Start sub pool failed, returncode: -9"
    assert "Model victim (replica victim-rep0) failed while loading" in failure.describe()
    assert "pid 11799" in failure.describe() and "keeps running" in failure.describe()
    assert "Start sub pool failed" in failure.hint()
    watch.line(LOAD_FAILED)  # the same incident's echo is not a second report
    await _settle()
    assert len(seen) == 1


async def test_pool_seen_ending_before_the_log_line_is_joined() -> None:
    seen: list[ModelFailure] = []
    watch = ModelFailureWatch(seen.append, settle_s=0.05)
    watch.pool_ended("emb2-rep0", 4242, loading=False)
    watch.line(RECREATING)
    await _settle()
    assert [(f.model_uid, f.pid, f.while_loading, f.recovering) for f in seen] == [("emb2", 4242, False, True)]
    assert "Xinference is recreating it" in seen[0].describe()


async def test_a_terminated_model_is_not_a_failure() -> None:
    seen: list[ModelFailure] = []
    watch = ModelFailureWatch(seen.append, settle_s=0.05)
    watch.line(TERMINATE)
    assert watch.pool_ended("emb-rep0", 77, loading=False)
    await _settle()
    assert seen == []
    assert not watch.pool_ended(None, 78, loading=True), "a pool that never told its UID is only logged"


async def test_reset_drops_what_was_pending() -> None:
    seen: list[ModelFailure] = []
    watch = ModelFailureWatch(seen.append, settle_s=0.05)
    watch.line(LOAD_FAILED)
    watch.reset()  # the server stops: its models dying is not news
    await _settle()
    assert seen == []
