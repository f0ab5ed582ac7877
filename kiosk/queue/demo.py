"""Demo services and counters, so a fresh `kiosk serve` shows the whole queue flow.

The demo's services are open around the clock (no opening hours), so whoever tries it in the
evening or on a Sunday can take a number; a real installation sets its office hours."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import Counter, Service

DEMO_SERVICES = [
    (
        "A",
        {
            "vi": "Hộ tịch, chứng thực",
            "en": "Civil status, certification",
            "id": "Catatan sipil, legalisasi",
        },
        ["Hộ tịch", "Chứng thực"],
    ),
    (
        "B",
        {"vi": "Cư trú, căn cước", "en": "Residence, ID cards", "id": "Domisili, kartu identitas"},
        ["Đăng ký, quản lý cư trú", "Cấp, quản lý căn cước"],
    ),
    (
        "C",
        {"vi": "Đất đai, xây dựng", "en": "Land, construction", "id": "Pertanahan, bangunan"},
        ["Đất đai", "Hoạt động xây dựng"],
    ),
    (
        "D",
        {
            "vi": "Kinh doanh, chính sách xã hội",
            "en": "Business, social support",
            "id": "Usaha, bantuan sosial",
        },
        [],
    ),
]


def load_demo_queue(session: Session) -> int:
    """Add the demo services and four counters to an empty queue; return services added."""
    if session.scalar(select(func.count(Service.id))):
        return 0
    services = [
        Service(prefix=prefix, names=names, fields=fields, opening_hours={})
        for prefix, names, fields in DEMO_SERVICES
    ]
    session.add_all(services)
    a, b, c, d = services
    for number, served in ((1, [a]), (2, [a, b]), (3, [b, c]), (4, [c, d])):
        session.add(Counter(number=number, name=f"Quầy {number}", services=served))
    return len(services)
