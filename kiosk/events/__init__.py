""" "Digital Citizen Saturday" (Thứ Bảy – Ngày Công dân số): events, help topics, the volunteer
help desks and the day's report. No request: words.py names the keys in the current
language (Flask-Babel), for the pages and the CLI alike; the rest is pure."""
