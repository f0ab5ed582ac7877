"""What this process saw, for /metrics (prometheus_client): print failures and request
latency. Each process counts its own (waitress threads share them); Prometheus adds them up
across its targets. The center's state is read from the database at scrape time instead
(kiosk/collector.py). Labels are statuses, kinds and URL rules: never a token, code or name."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

PROCESS = CollectorRegistry(auto_describe=True)
print_failures = Counter(
    "kiosk_print_failures",
    "Print jobs a printer reported as failed (this process's count since it started).",
    ["kind"],
    registry=PROCESS,
)
request_seconds = Histogram(
    "kiosk_request_duration_seconds",
    "Time to answer a request, by URL rule (never the raw path), method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=PROCESS,
)
