"""(being written) A submission's status on the kiosk, after a receipt scan."""
