"""Time from a slip to ESC/POS bytes ready to send (layout, raster, QR, cut), per paper width.

Usage: python bench/print_speed.py [--tickets 200] [--profile NAME]
Tickets vary the number, the service (short to very long names), the wait and the QR token.
CPU time is shown too: on a shared machine, wall-clock percentiles measure the neighbours.
Goals: p95 <= 100 ms per ticket, <= 25 KB per ticket.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This script is named like the package it measures: take bench/ off the path, put the root on.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from printer.encode import encode  # noqa: E402
from printer.slip import Slip  # noqa: E402

SERVICES = [
    ("A", "Hộ tịch, chứng thực"),
    ("B", "Đất đai"),
    ("C", "Đăng ký kinh doanh hộ cá thể"),
    ("D", "Lao động – thương binh và xã hội, bảo trợ xã hội, người có công"),
    ("E", "Tư pháp: cấp phiếu lý lịch tư pháp, chứng thực bản sao từ bản chính"),
    ("HT", "Đăng ký kết hôn có yếu tố nước ngoài, ghi chú ly hôn, trích lục hộ tịch bản sao"),
]


def slips(count: int, seed: int = 7) -> list[Slip]:
    """`count` ticket slips as the kiosk prints them, with varied content."""
    rng = random.Random(seed)
    made = []
    for n in range(1, count + 1):
        prefix, service = rng.choice(SERVICES)
        token = "".join(
            rng.choices("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=22)
        )
        made.append(
            Slip(
                title="Trung tâm Phục vụ hành chính công",
                big=f"{prefix}-{n:03d}",
                lines=[
                    service,
                    f"{8 + n // 60:02d}:{n % 60:02d}  23/11/2026",
                    f"Trước bạn: {rng.randint(0, 60)} người",
                ],
                qr=f"http://10.0.0.5:8080/t/{token}",
                footer=["Quét mã để theo dõi lượt trên điện thoại.", "Vui lòng chờ gọi số."],
            )
        )
    return made


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--profile", help="python-escpos profile (default: the generic one)")
    args = parser.parse_args()
    tickets = slips(args.tickets)
    print(f"{args.tickets} tickets per paper, profile {args.profile or 'default'} (first: cold)")
    for paper in ("58mm", "80mm"):
        timings, cpu, sizes = [], [], []
        for slip in tickets:
            started, started_cpu = time.perf_counter(), time.process_time()
            data = encode(slip, paper=paper, profile=args.profile)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            sizes.append(len(data))
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        print(
            f"{paper}: p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {max(timings):.1f} ms"
            f"  (CPU p95 {percentile(cpu, 0.95):.1f} ms)  bytes max {max(sizes) / 1000:.1f} KB"
            f"  mean {statistics.mean(sizes) / 1000:.1f} KB"
        )


if __name__ == "__main__":
    main()
