"""/metrics in the Prometheus text format: the center's queues read from the database at
scrape time, this process's print failures and request times labelled by URL rule, for the
addresses in KIOSK_METRICS_ALLOW only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk import create_app
from tests.api_support import populate
from tests.support import close_app, free_port, wait_for_port


def scrape(client, **environ) -> dict[tuple[str, frozenset], float]:
    """Every sample of /metrics as {(name, labels): value}."""
    answer = client.get("/metrics", environ_base=environ)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.content_type.startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(answer.get_data(as_text=True)):
        for sample in family.samples:
            samples[sample.name, frozenset(sample.labels.items())] = sample.value
    return samples


def one(samples, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_a_ticket_issued_through_the_api_counts_on_its_service(app):
    world = populate(app)  # one ticket of service A already
    client = app.test_client()
    before = scrape(client)
    assert one(before, "kiosk_database_up") == 1
    assert one(before, "kiosk_tickets_issued_today", service="A") == 1
    answer = client.post("/api/v1/tickets", json={"service": world.service}, headers=world.bearer)
    assert answer.status_code == 201
    after = scrape(client)
    assert one(after, "kiosk_tickets_issued_today", service="A") == 2
    assert one(after, "kiosk_tickets_waiting", service="A") == 2
    assert one(after, "kiosk_tickets_issued_today", service="B") == 0
    assert ("kiosk_tickets_waiting", frozenset({("service", "B")})) in after
    assert one(after, "kiosk_print_jobs_unprinted", status="pending") == 2


def test_a_failed_print_counts_once_in_this_process(app):
    world = populate(app)
    client = app.test_client()
    before = one(scrape(client), "kiosk_print_failures_total", kind="ticket")
    job = client.post("/api/v1/print-jobs/claim", headers=world.bearer).get_json()["job"]
    failed = client.post(
        f"/api/v1/print-jobs/{job['id']}/failed",
        json={"status": "paper_out", "error": "out of paper"},
        headers=world.bearer,
    )
    assert failed.status_code == 200
    after = scrape(client)
    assert one(after, "kiosk_print_failures_total", kind="ticket") == before + 1
    assert one(after, "kiosk_print_jobs_unprinted", status="failed") == 1


def test_request_times_are_labelled_by_url_rule_never_by_path(app):
    world = populate(app)
    client = app.test_client()
    token = world.ticket_token
    assert client.get(f"/t/{token}").status_code == 200
    assert client.get("/no-such-page").status_code == 404
    samples = scrape(client)
    page = {"route": "/t/<token>", "method": "GET", "status": "200"}
    assert one(samples, "kiosk_request_duration_seconds_count", **page) >= 1
    assert one(samples, "kiosk_request_duration_seconds_count", route="unmatched", method="GET",
               status="404") >= 1  # fmt: skip
    body = client.get("/metrics").get_data(as_text=True)
    assert token not in body and "no-such-page" not in body


def test_metrics_answer_this_machine_and_refuse_the_center_network(client):
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    for address in ("192.168.1.20", "203.0.113.7"):
        answer = client.get("/metrics", environ_base={"REMOTE_ADDR": address})
        assert answer.status_code == 403
        assert "kiosk_" not in answer.get_data(as_text=True)


@pytest.fixture
def monitored(tmp_path, db_url):
    """A server whose Prometheus sits at 203.0.113.50, behind one reverse proxy."""
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": db_url,
            "METRICS_ALLOW": ["203.0.113.50", "10.9.0.0/16"],
            "PROXY_HOPS": 1,
        }
    )
    yield app
    close_app(app)


def test_metrics_allow_lists_addresses_and_networks_behind_the_proxy(monitored):
    client = monitored.test_client()

    def status(forwarded_for: str) -> int:
        headers = {"X-Forwarded-For": forwarded_for}
        return client.get("/metrics", headers=headers).status_code

    assert status("203.0.113.50") == 200
    assert status("10.9.4.1") == 200
    assert status("127.0.0.1") == 403  # the proxy's own address is not the client
    assert status("203.0.113.51") == 403


def test_an_unreachable_database_is_a_gauge_not_an_error(tmp_path):
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": "sqlite:////nonexistent/k.db"}
    )
    try:
        samples = scrape(app.test_client())
        assert one(samples, "kiosk_database_up") == 0
        assert not [name for name, _ in samples if name.startswith("kiosk_tickets")]
    finally:
        close_app(app)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_kiosk_serve_reads_the_allow_list_and_writes_json_log_lines(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "KIOSK_INSTANCE_PATH": str(tmp_path / "instance"),
        "KIOSK_LOAD_DEMO": "0",
        "KIOSK_METRICS_ALLOW": "10.0.0.0/8",  # not this machine
        "KIOSK_LOG_FORMAT": "json",
    }
    kiosk = [os.path.join(sys.prefix, "bin", "kiosk")]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [*kiosk, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port)
        assert _get(base + "/healthz") == (200, b'{"status":"ok"}\n')
        assert _get(base + "/readyz")[0] == 200
        assert _get(base + "/metrics")[0] == 403
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    lines = (tmp_path / "serve.log").read_text().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(entry["logger"] == "waitress" for entry in entries), lines
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)


def test_a_scraper_that_asks_for_openmetrics_gets_it(client):
    accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
    answer = client.get("/metrics", headers={"Accept": accept})
    assert answer.content_type.startswith("application/openmetrics-text")
    assert answer.get_data(as_text=True).rstrip().endswith("# EOF")
