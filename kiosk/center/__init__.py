"""The center's own set-up kept in the database: its settings (settings.py) and the kiosk
home's tiles (tiles.py). Where applications are received lives with the queue
(kiosk/queue/reception.py). Pure: no Flask."""

CENTER_ID = 1  # one center a server today; a later step hosts several, each with its row
