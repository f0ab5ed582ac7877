"""Thermal printing for the kiosk: slip layout, ESC/POS bytes, printer devices, the agent.

Importable without Flask or the database."""
