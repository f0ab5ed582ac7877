"""QR codes and links that leave the kiosk on a citizen's phone."""
