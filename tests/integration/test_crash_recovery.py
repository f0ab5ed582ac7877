"""A server killed mid-run loses no acknowledged ticket. Sixteen clients take numbers for two
services from two `kiosk serve` processes sharing one database; one process is killed with
SIGKILL, then started again. Every ticket answered 201 is in the database exactly once, and
each service's daily numbers run 1..n without a duplicate or a gap (a transaction the kill
cut short gave its number back)."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from bench.tickets import prepare, server_env, start_server, stop_server, wait_listening
from kiosk.db import Database
from kiosk.models import Service, Ticket
from tests.support import free_port

CLIENTS = 16
PHASE = 80  # tickets acknowledged before the kill, while one server is down, after restart
PATIENCE = 120  # seconds a phase may take before the test gives up (2 shared cores)


@dataclass
class Load:
    """Clients that take tickets until told to stop. A request the killed server never
    answered is retried on the other server with the same idempotency key, as a kiosk does:
    only a 201 counts as acknowledged."""

    ports: list[int]
    token: str
    services: list[int]
    acknowledged: list[dict] = field(default_factory=list)  # list.append is atomic
    unexpected: list[str] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)  # ports a request got no answer from
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, client: int) -> None:
        sent = 0
        while not self.stop.is_set():
            key, service = f"c{client}-{sent}", self.services[sent % len(self.services)]
            if (ticket := self._issue(client, key, service)) is not None:
                self.acknowledged.append({**ticket, "key": key})
            sent += 1

    def _issue(self, client: int, key: str, service: int) -> dict | None:
        attempt = 0
        while not (self.stop.is_set() and attempt):
            port = self.ports[(client + attempt) % len(self.ports)]
            attempt += 1
            try:
                status, body = _post_ticket(port, self.token, service, key)
            except (OSError, http.client.HTTPException):
                self.refused.append(port)
                time.sleep(0.02)  # that server is down: the other one answers
                continue
            if status == 201:
                number = body["number"]
                return {"id": body["id"], "service": service, "number": number, "port": port}
            self.unexpected.append(f"{status}: {body}")
            return None
        return None

    def wait_for(self, count: int, port: int | None = None) -> None:
        """Until `count` more tickets (from `port`, if given) are acknowledged."""
        start = len(self.acknowledged)
        deadline = time.monotonic() + PATIENCE
        while self._since(start, port) < count and not self.unexpected:
            assert time.monotonic() < deadline, f"only {self._since(start, port)} tickets"
            time.sleep(0.02)

    def _since(self, start: int, port: int | None) -> int:
        return sum(port in (None, a["port"]) for a in self.acknowledged[start:])


def _post_ticket(port: int, token: str, service: int, key: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        body = json.dumps({"service": service, "idempotency_key": key})
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        connection.request("POST", "/api/v1/tickets", body, headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def _second_service(url: str) -> int:
    db = Database(url)
    try:
        with db.session() as session:
            service = Service(prefix="Y", names={"vi": "Thử tải 2"})
            session.add(service)
            session.flush()
            return service.id
    finally:
        db.engine.dispose()


def _tickets_in(url: str) -> list[Ticket]:
    db = Database(url)
    try:
        with db.sessions() as session:
            return list(session.scalars(select(Ticket)))
    finally:
        db.engine.dispose()


def _run_with_a_crash(url: str, instance: str) -> Load:
    service, token = prepare(url)
    env = server_env(url, instance)
    ports = [free_port(), free_port()]
    procs = [start_server(env, port) for port in ports]
    load = Load(ports, token, [service, _second_service(url)])
    threads = [threading.Thread(target=load.run, args=(n,)) for n in range(CLIENTS)]
    try:
        for port, proc in zip(ports, procs, strict=True):
            wait_listening(port, proc)
        for thread in threads:
            thread.start()
        load.wait_for(PHASE)
        procs[0].kill()  # SIGKILL: no handler runs, transactions in flight are cut short
        procs[0].wait(timeout=10)
        load.wait_for(PHASE)
        procs[0] = start_server(env, ports[0])  # the same port, as kiosks know it
        wait_listening(ports[0], procs[0])
        load.wait_for(PHASE, port=ports[0])  # the restarted server takes its share again
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        for proc in procs:
            stop_server(proc)
    return load


def test_a_killed_server_loses_no_acknowledged_ticket(db_url, tmp_path):
    load = _run_with_a_crash(db_url, str(tmp_path))
    assert not load.unexpected
    assert load.refused  # the kill did cut clients off
    stored = {t.id: t for t in _tickets_in(db_url)}
    acknowledged = {a["id"]: a for a in load.acknowledged}
    assert len(acknowledged) == len(load.acknowledged)  # no ticket answered to two keys
    assert len(acknowledged) >= 3 * PHASE
    for ticket_id, ack in acknowledged.items():
        assert ticket_id in stored, ack
        assert (stored[ticket_id].service_id, stored[ticket_id].number) == (
            ack["service"],
            ack["number"],
        )
    by_key = Counter(t.idempotency_key.rsplit(":", 1)[1] for t in stored.values())
    assert all(by_key[a["key"]] == 1 for a in load.acknowledged)  # a retry made no second
    by_day = defaultdict(list)
    for ticket in stored.values():
        by_day[ticket.service_id, ticket.day].append(ticket.number)
    for (service, day), numbers in by_day.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (service, day)
