"""The print agent against a real local HTTP server that speaks the print-job API."""

from __future__ import annotations

import json
import logging
import re
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from printer.agent import Agent, PrintedJobs
from printer.client import PrintServer
from printer.devices import open_printer
from printer.encode import encode
from printer.slip import Slip
from tests.printer.printer_helpers import LONG_TICKET, ROOT, TICKET, wait_until
from tests.support import free_port

TOKEN = "kiosk-1-secret"


class JobServer:
    """The kiosk server's print-job API in memory: jobs are leased once, `done` is idempotent.

    `failing` names endpoints ("claim", "done", "failed", "status") that answer 503; `stop()`
    and `start()` take the whole server away and back on the same port.
    """

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.queue: list[dict] = []
        self.leased: dict[int, dict] = {}
        self.done: list[int] = []
        self.failed: list[tuple[int, dict]] = []
        self.statuses: list[dict] = []
        self.claims = 0
        self.failing: set[str] = set()
        self.httpd = None
        self.start()

    def add(self, job_id: int, slip: Slip, paper: str | None = None) -> None:
        job = {"id": job_id, "slip": slip.to_json()}
        if paper:
            job["paper"] = paper
        self.queue.append(job)

    def expire_leases(self) -> None:
        """Jobs claimed but never acknowledged go back to the queue, as after LEASE."""
        self.queue[:0] = self.leased.values()
        self.leased.clear()

    def start(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        serve = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        serve.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, path: str, body: dict) -> tuple[int, dict]:
        if path == "/api/v1/print-jobs/claim":
            return self._claim("claim")
        if path == "/api/v1/printer/status":
            return self._record("status", self.statuses, body)
        match = re.fullmatch(r"/api/v1/print-jobs/(\d+)/(done|failed)", path)
        if not match:
            return 404, {"error": "not_found"}
        job_id, action = int(match[1]), match[2]
        if action in self.failing:
            return 503, {"error": "unavailable"}
        if action == "done":
            if job_id not in self.leased and job_id not in self.done:
                return 404, {"error": "not_found"}
            self.leased.pop(job_id, None)
            self.done.append(job_id)
        else:
            self.failed.append((job_id, body))
            self.queue.append(self.leased.pop(job_id))
        return 200, {"ok": True}

    def _claim(self, name: str) -> tuple[int, dict]:
        if name in self.failing:
            return 503, {"error": "unavailable"}
        self.claims += 1
        if not self.queue:
            return 200, {"job": None}
        job = self.queue.pop(0)
        self.leased[job["id"]] = job
        return 200, {"job": job}

    def _record(self, name: str, into: list, body: dict) -> tuple[int, dict]:
        if name in self.failing:
            return 503, {"error": "unavailable"}
        into.append(body)
        return 200, {"ok": True}

    def _handler(self):
        jobs = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    status, answer = 401, {"error": "unauthorized"}
                else:
                    status, answer = jobs.answer(self.path, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server():
    jobs = JobServer()
    yield jobs
    jobs.stop()


@pytest.fixture
def paper_roll(tmp_path):
    """The printer: a file that collects every byte sent to it."""
    return tmp_path / "printer.bin"


def make_agent(server, tmp_path, device_url, token=TOKEN, clock=None) -> Agent:
    return Agent(
        PrintServer(server.url, token, timeout=2.0),
        open_printer(device_url),
        PrintedJobs(tmp_path / "state" / "printed.json"),
        paper="80mm",
        clock=clock or Clock(),
    )


def run_until_idle(agent: Agent, steps: int = 20) -> None:
    for _ in range(steps):
        if agent.run_once() > 0 and agent.pending is None:
            return


def test_each_job_is_printed_once_and_acknowledged(server, tmp_path, paper_roll):
    server.add(1, TICKET)
    server.add(2, LONG_TICKET, paper="58mm")  # the server's paper wins over the agent's
    agent = make_agent(server, tmp_path, f"file://{paper_roll}")
    run_until_idle(agent)
    assert paper_roll.read_bytes() == encode(TICKET, "80mm") + encode(LONG_TICKET, "58mm")
    assert server.done == [1, 2]
    assert server.statuses == [{"status": "ok", "detail": ""}]


def test_done_is_retried_through_an_outage_before_claiming_more(server, tmp_path, paper_roll):
    server.add(1, TICKET)
    agent = make_agent(server, tmp_path, f"file://{paper_roll}")
    server.failing = {"done"}
    assert agent.run_once() == 1.0  # printed, but `done` answered 503
    assert agent.run_once() == 2.0
    server.stop()  # then the server goes away altogether
    assert agent.run_once() == 4.0
    server.add(2, TICKET)
    server.failing = set()
    server.start()
    assert server.claims == 1  # no new job was claimed while job 1 was owed
    run_until_idle(agent)
    assert server.done == [1, 2]
    assert paper_roll.read_bytes() == encode(TICKET) * 2


def test_a_restarted_agent_does_not_print_a_job_again(server, tmp_path, paper_roll):
    server.add(1, TICKET)
    server.failing = {"done"}
    make_agent(server, tmp_path, f"file://{paper_roll}").run_once()  # prints, then "crashes"
    server.failing = set()
    server.expire_leases()  # job 1 was never acknowledged: the server offers it again
    run_until_idle(make_agent(server, tmp_path, f"file://{paper_roll}"))
    assert server.done == [1]
    assert paper_roll.read_bytes() == encode(TICKET)


def test_backoff_doubles_to_30_seconds_and_is_logged_once(server, tmp_path, paper_roll, caplog):
    caplog.set_level(logging.INFO, logger="printer.agent")
    agent = make_agent(server, tmp_path, f"file://{paper_roll}")
    server.stop()
    assert [agent.run_once() for _ in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    server.start()
    server.add(1, TICKET)
    assert agent.run_once() == 0.0  # a job came: look for the next at once
    assert agent.run_once() == 1.0  # the interval again
    messages = [r.getMessage() for r in caplog.records]
    assert sum("unreachable" in m for m in messages) == 1
    assert sum("reachable again" in m for m in messages) == 1
    assert server.done == [1]


def test_a_print_failure_is_reported_and_the_job_stays_unprinted(server, tmp_path):
    server.add(1, TICKET)
    agent = make_agent(server, tmp_path, f"file://{tmp_path}")  # a directory: writing fails
    agent.run_once()
    [(job_id, body)] = server.failed
    assert job_id == 1 and body["status"] == "offline" and str(tmp_path) in body["error"]
    assert server.done == []
    claims = server.claims
    agent.run_once()
    assert server.claims == claims  # while the printer is offline, jobs wait on the server
    assert server.statuses[-1]["status"] == "offline"


def test_an_offline_printer_leaves_jobs_in_the_queue(server, tmp_path):
    server.add(1, TICKET)
    agent = make_agent(server, tmp_path, f"tcp://127.0.0.1:{free_port()}")
    assert agent.run_once() == 1.0
    assert server.claims == 0 and len(server.queue) == 1
    assert server.statuses == [{"status": "offline", "detail": ""}]


def test_status_is_reported_on_change_and_every_30_seconds(server, tmp_path, paper_roll):
    clock = Clock()
    agent = make_agent(server, tmp_path, f"file://{paper_roll}", clock=clock)
    agent.run_once()
    clock.now += 10
    agent.run_once()
    assert len(server.statuses) == 1
    clock.now += 21
    agent.run_once()
    assert [s["status"] for s in server.statuses] == ["ok", "ok"]


def test_a_slip_the_agent_cannot_read_is_reported_failed(server, tmp_path, paper_roll):
    server.queue.append({"id": 7, "slip": {"big": 7}})
    agent = make_agent(server, tmp_path, f"file://{paper_roll}")
    agent.run_once()
    [(job_id, body)] = server.failed
    assert job_id == 7 and body["status"] == "unknown"
    assert not paper_roll.exists()


def test_a_wrong_token_prints_nothing_and_backs_off(server, tmp_path, paper_roll):
    server.add(1, TICKET)
    agent = make_agent(server, tmp_path, f"file://{paper_roll}", token="wrong")
    assert [agent.run_once() for _ in range(2)] == [1.0, 2.0]
    assert not paper_roll.exists() and len(server.queue) == 1


def test_sigterm_stops_the_agent_after_its_job(server, tmp_path, paper_roll):
    server.add(1, TICKET)
    command = [sys.executable, "-m", "printer", "agent", "--server", server.url]
    command += ["--device", f"file://{paper_roll}", "--state-dir", str(tmp_path / "state")]
    env = {"KIOSK_PRINTER_TOKEN": TOKEN, "PATH": "/usr/bin:/bin"}
    agent = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: server.done == [1], timeout=20)
        agent.send_signal(signal.SIGTERM)
        assert agent.wait(timeout=10) == 0
    finally:
        agent.kill()
        log = agent.stderr.read()
        agent.stderr.close()
    assert "printed job 1 (A-007)" in log
    assert "stopping (SIGTERM)" in log
    assert paper_roll.read_bytes() == encode(TICKET)
