"""Citizens without writing: form definitions, confirmed submissions with tracking codes,
receipts, the counter's status changes, the back-office outbox and the purge."""
