"""Services, counters and tickets: issuing numbers safely, calling, waiting estimates."""
