"""A tiny local HTTP server for faults a real Xinference cannot be made to produce: malformed JSON, hangs, resets.

Each route maps a path to a behaviour: ``(status, body)``, ``"hang"`` (accepts, never answers), ``"reset"``
(closes the connection without a word), ``Truncated`` (promises more bytes than it sends, then closes),
``Huge`` (streams a body of any size without holding it) or ``Drip`` (one byte now and then, forever).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Truncated:
    """Headers promise ``declared`` bytes; only ``body`` comes, then the connection closes (a server that died)."""

    body: str
    declared: int
    status: int = 200


@dataclass(frozen=True)
class Huge:
    """A 200 answer of ``size`` bytes of a JSON list, written in chunks (the server never holds it whole)."""

    size: int
    with_length: bool = True  # False: no content-length, so only counting the bytes can stop a client
    content_type: str = "application/json"


@dataclass(frozen=True)
class Drip:
    """A 200 whose body comes one byte every ``every`` seconds and never ends (each read is quick: no read timeout)."""

    every: float = 0.05


Behaviour = tuple[int, str] | tuple[int, str, str] | str | Truncated | Huge | Drip


@dataclass
class FakeHttp:
    routes: dict[str, Behaviour] = field(default_factory=dict)
    default: Behaviour = (404, '{"detail":"Not Found"}')
    port: int = 0
    requests: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            writer.close()
            return
        request_line = head.split(b"\r\n", 1)[0].decode()
        self.requests.append(request_line)
        path = request_line.split(" ")[1].split("?")[0]
        behaviour = self.routes.get(path, self.default)
        if behaviour == "hang":
            await asyncio.sleep(3600)
            return
        if behaviour == "reset":
            sock = writer.get_extra_info("socket")
            with contextlib.suppress(OSError):
                import socket
                import struct

                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.close()
            return
        with contextlib.suppress(ConnectionError):
            await self._answer(behaviour, reader, writer)
        writer.close()

    async def _answer(
        self, behaviour: Behaviour, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if isinstance(behaviour, Truncated):
            writer.write(_head(behaviour.status, "application/json", behaviour.declared) + behaviour.body.encode())
            await writer.drain()
        elif isinstance(behaviour, Huge):
            writer.write(_head(200, behaviour.content_type, behaviour.size if behaviour.with_length else None))
            chunk = b"[" + b"0," * (1 << 19)  # 1 MiB
            sent = 0
            while sent < behaviour.size:
                part = chunk[: behaviour.size - sent]
                writer.write(part)
                sent += len(part)
                await writer.drain()
        elif isinstance(behaviour, Drip):
            writer.write(_head(200, "application/json", None) + b"[")
            while True:
                await writer.drain()
                try:  # wait, but stop as soon as the client hangs up (an empty read)
                    if not await asyncio.wait_for(reader.read(1), behaviour.every):
                        return
                except TimeoutError:
                    writer.write(b" ")
        else:
            assert isinstance(behaviour, tuple)
            status, body, content_type = (*behaviour, "application/json")[:3]
            payload = body.encode()
            writer.write(_head(status, content_type, len(payload)) + payload)
            await writer.drain()


def _head(status: int, content_type: str, length: int | None) -> bytes:
    size = f"content-length: {length}\r\n" if length is not None else ""
    return f"HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\n{size}connection: close\r\n\r\n".encode()


@contextlib.asynccontextmanager
async def serve(fake: FakeHttp) -> AsyncIterator[FakeHttp]:
    server = await asyncio.start_server(fake._handle, "127.0.0.1", 0)
    fake.port = server.sockets[0].getsockname()[1]
    try:
        yield fake
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 1)
