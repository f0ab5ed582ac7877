"""The background machinery of `kiosk serve`: the shared worker loop (loop.py), leased rows
that many processes take in turn (leases.py), the one-PC print worker (print_worker.py)
and the back-office outbox sender (outbox_sender.py). Nothing here answers a request."""
