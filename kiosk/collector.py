"""The center's queues, spool and outbox for /metrics, counted in the database at each
scrape: every `kiosk serve` process behind a load balancer reports the same truth. No Flask
here: kiosk/web/ops.py serves the page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from kiosk.health import UNPRINTED, Thresholds, stalled_jobs
from kiosk.metrics import PROCESS
from kiosk.models import Device, OutboxMessage, PrintJob, Service, Ticket
from kiosk.models.base import utcnow
from kiosk.models.queue import TicketStatus
from kiosk.models.submissions import DeliveryStatus
from kiosk.queue.spool import MAX_AGE


class DatabaseCollector:
    """The center's queues, spool and outbox, counted at scrape time."""

    def __init__(self, sessions: sessionmaker, config: Mapping):
        self.sessions = sessions
        self.config = config

    def describe(self) -> list[Metric]:
        return []  # nothing is read from the database when the collector is registered

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("kiosk_database_up", "1 when the database answered the scrape.")
        try:
            families = list(self._families())
        except SQLAlchemyError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self) -> Iterator[Metric]:
        from kiosk.center.settings import center_settings
        from kiosk.queue.hours import local_now

        now = utcnow()
        with self.sessions() as session:
            today = local_now(center_settings(session, self.config).timezone).date()
            prefixes = dict(session.execute(select(Service.id, Service.prefix)).all())
            issued = _by_service(session, Ticket.service_id, Ticket.day == today)
            waiting = _by_service(
                session,
                Ticket.queue_service_id,
                Ticket.day == today,
                Ticket.status == TicketStatus.WAITING,
            )
            unprinted = dict(
                session.execute(
                    select(PrintJob.status, func.count())
                    .where(PrintJob.status.in_(UNPRINTED), PrintJob.created_at >= now - MAX_AGE)
                    .group_by(PrintJob.status)
                ).all()
            )
            stalled = session.scalar(
                select(func.count(PrintJob.id))
                .outerjoin(Device, Device.id == PrintJob.device_id)
                .where(*stalled_jobs(Thresholds.from_config(self.config), now))
            )
            backlog, oldest = session.execute(
                select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(
                    OutboxMessage.status == DeliveryStatus.PENDING
                )
            ).one()
        yield _per_service(
            "kiosk_tickets_issued_today",
            "Tickets issued today (center's time zone).",
            prefixes,
            issued,
        )
        yield _per_service("kiosk_tickets_waiting", "Tickets waiting now.", prefixes, waiting)
        jobs = GaugeMetricFamily(
            "kiosk_print_jobs_unprinted",
            f"Print jobs of the last {MAX_AGE // timedelta(minutes=1)} minutes not printed yet.",
            labels=["status"],
        )
        for status in UNPRINTED:
            jobs.add_metric([str(status)], unprinted.get(status, 0))
        yield jobs
        yield GaugeMetricFamily(
            "kiosk_print_jobs_stalled",
            "Unprinted jobs past READY_PRINT_MINUTES on a printer that is there (/readyz).",
            value=stalled or 0,
        )
        yield GaugeMetricFamily(
            "kiosk_outbox_backlog", "Submissions not yet taken by the back office.", value=backlog
        )
        age = 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())
        yield GaugeMetricFamily(
            "kiosk_outbox_oldest_seconds", "Age of the oldest undelivered submission.", value=age
        )


def _by_service(session, column, *where) -> dict[int, int]:
    query = select(column, func.count()).where(*where).group_by(column)
    return {service_id: count for service_id, count in session.execute(query).all()}


def _per_service(name: str, documentation: str, prefixes: dict, counts: dict) -> Metric:
    family = GaugeMetricFamily(name, documentation, labels=["service"])
    for service_id, prefix in sorted(prefixes.items(), key=lambda item: item[1]):
        family.add_metric([prefix], counts.get(service_id, 0))
    return family


def registry_for(sessions: sessionmaker, config: Mapping) -> CollectorRegistry:
    """What one app's /metrics shows: its database's figures and this process's."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(sessions, config))
    registry.register(PROCESS)
    return registry
