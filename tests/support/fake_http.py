"""A tiny local HTTP server for faults a real Xinference cannot be made to produce: malformed JSON, hangs, resets.

Each route maps a path to a behaviour: ``(status, body)``, ``"hang"`` (accepts, never answers) or ``"reset"``
(closes the connection without a word).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

Behaviour = tuple[int, str] | str


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
        assert isinstance(behaviour, tuple)
        status, body = behaviour
        payload = body.encode()
        writer.write(
            f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {len(payload)}\r\n"
            f"connection: close\r\n\r\n".encode() + payload
        )
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()


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
