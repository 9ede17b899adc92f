"""The test server itself: a real PostgreSQL answers, each test's database is its own and empty."""

from __future__ import annotations

import pytest


def test_a_real_server_answers_on_its_socket(pg_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    try:
        with engine.connect() as con:
            version = con.execute(text("SHOW server_version_num")).scalar_one()
            tables = con.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one()
    finally:
        engine.dispose()
    assert int(version) >= 130000
    assert tables == 0


def test_tcp_needs_the_password(pg_server: object) -> None:
    import psycopg

    from pg_server import SUPERUSER, SUPERUSER_PASSWORD, PostgresServer

    assert isinstance(pg_server, PostgresServer)
    with psycopg.connect(host="127.0.0.1", port=pg_server.port, user=SUPERUSER, password=SUPERUSER_PASSWORD,
                         dbname="postgres") as con:
        assert con.execute("SELECT 1").fetchone() == (1,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(host="127.0.0.1", port=pg_server.port, user=SUPERUSER, password="wrong", dbname="postgres")
