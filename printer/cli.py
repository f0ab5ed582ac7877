"""`kiosk-printer`: the print agent, a test slip, and a printer's status."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from datetime import datetime

from printer.agent import Agent, PrintedJobs, state_file
from printer.client import PrintServer
from printer.devices import open_printer
from printer.errors import PrinterError
from printer.fonts import FONT_SETTING, FontNotFoundError
from printer.layout import PAPER_DOTS
from printer.slip import Slip

log = logging.getLogger("printer.agent")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk-printer", description=__doc__)
    commands = p.add_subparsers(dest="command", required=True)
    agent = commands.add_parser("agent", help="print the kiosk server's print jobs")
    agent.add_argument(
        "--server", required=True, help="the kiosk server, e.g. http://10.0.0.5:8080"
    )
    agent.add_argument(
        "--token",
        default=os.environ.get("KIOSK_PRINTER_TOKEN"),
        help="the device token from `kiosk devices add` (or KIOSK_PRINTER_TOKEN, kept out of ps)",
    )
    agent.add_argument("--interval", type=float, default=1.0, help="seconds between claims")
    agent.add_argument("--state-dir", help="where printed job ids are kept across restarts")
    test = commands.add_parser("test", help="print a sample ticket")
    status = commands.add_parser("status", help="show the printer's status")
    for command in (agent, test, status):
        command.add_argument("--device", required=True, help="printer URL, e.g. tcp://10.0.0.9")
    for command in (agent, test):
        command.add_argument("--paper", choices=sorted(PAPER_DOTS), default="80mm")
        command.add_argument("--profile", help="python-escpos printer profile, e.g. TM-T20II")
        command.add_argument(
            "--font", default=os.environ.get(FONT_SETTING), help=f"TTF file ({FONT_SETTING})"
        )
    return p


def main(argv=None) -> int:
    """Run one kiosk-printer command; the exit code says whether it worked."""
    args = parser().parse_args(argv)
    try:
        device = open_printer(args.device)
        if args.command == "status":
            print(device.status())
            return 0
        if args.command == "test":
            device.send_slip(sample_slip(), args.paper, args.profile, args.font)
            return 0
        return run_agent(args, device)
    except (ValueError, PrinterError, FontNotFoundError) as exc:
        print(f"kiosk-printer: {exc}", file=sys.stderr)
        return 2


def run_agent(args, device) -> int:
    if not args.token:
        raise ValueError("--token (or KIOSK_PRINTER_TOKEN) is required")
    # force: python-escpos configures the root logger when imported; its own INFO lines (one
    # per connection) stay out, ours (one per job and per change of state) go in.
    logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", force=True)
    logging.getLogger("printer").setLevel(logging.INFO)
    printed = PrintedJobs(state_file(args.state_dir, args.server, args.device))
    server = PrintServer(args.server, args.token)
    agent = Agent(server, device, printed, args.paper, args.profile, args.font, args.interval)
    stop = threading.Event()

    def request_stop(signum, _frame):
        log.info("stopping (%s)", signal.Signals(signum).name)
        # Not stop.set() here: the handler runs in the main thread, which may hold the
        # event's lock inside stop.wait() at this very moment, and would wait for itself.
        threading.Thread(target=stop.set, name="stop").start()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    log.info("printing jobs from %s on %s", args.server, args.device)
    agent.run(stop)
    return 0


def sample_slip() -> Slip:
    """A ticket like the kiosk prints, to check a printer, its paper width and its font."""
    return Slip(
        title="Trung tâm Phục vụ hành chính công",
        big="A-007",
        lines=("Hộ tịch, chứng thực", f"{datetime.now():%d/%m/%Y %H:%M}", "ỐỖẶỸ ốỗặỹ — thử in"),
        qr="https://example.org/t/TEST",
        footer=("Quét mã để theo dõi lượt trên điện thoại.", "Vui lòng chờ gọi số."),
    )
