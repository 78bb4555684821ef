"""Answers to JSON requests kept in memory while the site runs.

`plans serve` publishes an immutable database and starts a new Datasette on every rebuild, so one
URL's JSON cannot change while a process lives: the second request for a table page is answered
from here instead of running its count and facet queries again. Bounded in bytes (least recently
used dropped first); only complete 200 answers that set no cookie and are small are kept.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

MAX_ENTRY_BYTES = 512 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    def __init__(self, max_total: int = MAX_TOTAL_BYTES, max_entry: int = MAX_ENTRY_BYTES):
        self.max_total = max_total
        self.max_entry = max_entry
        self.total = 0
        self.hits = 0
        self._answers: OrderedDict[bytes, Answer] = OrderedDict()

    @staticmethod
    def key(scope: dict) -> bytes | None:
        """The cache key of a request, or None when it is not one to answer from memory."""
        if scope.get("method") != "GET" or not scope.get("path", "").endswith(".json"):
            return None
        return scope["path"].encode() + b"?" + scope.get("query_string", b"")

    def get(self, key: bytes) -> Answer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
            self.hits += 1
        return answer

    def put(self, key: bytes, answer: Answer) -> None:
        if answer.status != 200 or len(answer.body) > self.max_entry or key in self._answers:
            return
        if any(name.lower() == b"set-cookie" for name, _ in answer.headers):
            return
        self._answers[key] = answer
        self.total += len(answer.body)
        while self.total > self.max_total:
            _, dropped = self._answers.popitem(last=False)
            self.total -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._answers)


async def send_answer(send, answer: Answer) -> None:
    await send({"type": "http.response.start", "status": answer.status, "headers": list(answer.headers)})
    await send({"type": "http.response.body", "body": answer.body})


class Recorder:
    """Passes an answer on while keeping a copy of it, until it grows past what the cache keeps."""

    def __init__(self, send, limit: int):
        self.send = send
        self.limit = limit
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.parts: list[bytes] = []
        self.size = 0
        self.complete = False

    async def __call__(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body" and self.size <= self.limit:
            body = message.get("body", b"")
            self.parts.append(body)
            self.size += len(body)
            self.complete = not message.get("more_body", False)
        await self.send(message)

    def answer(self) -> Answer | None:
        if not self.complete or self.size > self.limit:
            return None
        return Answer(self.status, tuple(self.headers), b"".join(self.parts))
