"""Statistics for the center's managers: what the queue, the kiosk and the back office did
over a range of the center's local days (figures.py), the daily counts kept for it
(searches.py: searches per folded text; uptime.py: kiosk and printer minutes), and the
exports (export.py: CSV, XLSX). Pure: no Flask. See docs/stats.md."""
