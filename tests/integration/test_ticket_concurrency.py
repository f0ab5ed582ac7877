"""Sixteen clients against two server processes sharing one database never get the same
number, and leave no gap (SQLite in WAL mode with BEGIN IMMEDIATE; PostgreSQL row lock)."""

from bench.tickets import check, hammer, prepare, servers


def test_sixteen_clients_two_processes_no_duplicate_no_gap(db_url, tmp_path):
    service_id, token = prepare(db_url)
    with servers(db_url, processes=2, instance=str(tmp_path)) as ports:
        numbers, _seconds = hammer(ports, token, service_id, clients=16, tickets=320)
    assert len(numbers) == 320
    assert check(numbers) == (0, 0)
    assert sorted(numbers) == list(range(1, 321))
