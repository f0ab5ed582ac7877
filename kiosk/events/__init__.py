""" "Digital Citizen Saturday" (Thứ Bảy – Ngày Công dân số): events, help topics, the volunteer
help desks and the day's report. Pure: no Flask."""
