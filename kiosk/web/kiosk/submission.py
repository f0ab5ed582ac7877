"""(being written) The submission flow on the kiosk."""
