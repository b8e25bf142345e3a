"""A psycopg 3 client program; prints what its user observes, one line per observation.

Run against PostgreSQL and against pgwired by test/e2e; the outputs must be equal.
Usage: psycopg3_scenario.py DSN TABLE
"""
import datetime
import decimal
import sys
import threading
import time
import uuid

import psycopg

dsn, table = sys.argv[1], sys.argv[2]


def out(*args):
    print(*args, flush=True)


def state(e):
    return getattr(e, "sqlstate", None) or type(e).__name__


with psycopg.connect(dsn, autocommit=True) as conn:
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(
        f"CREATE TABLE {table} (id integer PRIMARY KEY, name varchar(40) NOT NULL,"
        " amount numeric(12,3), day date, at timestamp, flag boolean, r double precision, blob bytea)"
    )
    cur = conn.cursor()
    # Server-side binding (psycopg 3 sends $n parameters in the extended protocol).
    cur.execute(
        f"INSERT INTO {table} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (1, "Åsa", decimal.Decimal("1234.567"), datetime.date(2020, 2, 29),
         datetime.datetime(2021, 1, 2, 3, 4, 5, 600000), True, 3.5, b"\x00\xffbin"),
    )
    out("insert rowcount", cur.rowcount, cur.statusmessage)
    cur.executemany(
        f"INSERT INTO {table} (id, name, flag) VALUES (%s, %s, %s)",
        [(2, "b", False), (3, "c", None), (4, "d'quote", True)],
    )
    out("executemany rowcount", cur.rowcount)
    cur.execute(f"SELECT id, name, amount, day, at, flag, r, blob FROM {table} ORDER BY id")
    out("columns", [d.name for d in cur.description])
    for row in cur.fetchall():
        out("row", row)
    out("status", cur.statusmessage)
    # A parameter that is a result column by itself has the parameter's type (psycopg's
    # round-trip idiom SELECT %s), in text and in binary.
    for binary in (False, True):
        bcur = conn.cursor(binary=binary)
        for v in (5, 2**40, -7, True, False, 2.25, datetime.date(2024, 2, 29),
                  datetime.datetime(2024, 1, 2, 3, 4, 5, 250000), "text"):
            bcur.execute("SELECT %s AS v", (v,))
            out("select param", binary, repr(bcur.fetchone()[0]), bcur.description[0].type_code)
    # Prepared statements: psycopg prepares after the statement is seen prepare_threshold times.
    for i in range(6):
        cur.execute(f"SELECT name FROM {table} WHERE id = %s", (1 + i % 4,), prepare=(i > 2))
        out("prepared", i, cur.fetchone())
    try:
        cur.execute(f"INSERT INTO {table} (id, name) VALUES (%s, %s)", (1, "dup"))
    except psycopg.Error as e:
        out("dup", state(e))
    try:
        cur.execute("SELECT * FROM psycopg_missing_table")
    except psycopg.Error as e:
        out("missing", state(e))

# Transactions with autocommit off (psycopg's default).
with psycopg.connect(dsn) as conn:
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO {table} (id, name) VALUES (10, 'tx')")
        out("in transaction", conn.info.transaction_status.name)
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE id = 10")
        out("after rollback", cur.fetchone())
        try:
            cur.execute(f"INSERT INTO {table} (id, name) VALUES (1, 'dup')")
        except psycopg.Error as e:
            out("error in tx", state(e), conn.info.transaction_status.name)
        try:
            cur.execute("SELECT 1")
        except psycopg.Error as e:
            out("after error", state(e))
    conn.rollback()
    with conn.transaction():
        conn.execute(f"INSERT INTO {table} (id, name) VALUES (11, 'committed')")
        try:
            with conn.transaction():  # a savepoint
                conn.execute(f"INSERT INTO {table} (id, name) VALUES (1, 'dup')")
        except psycopg.Error as e:
            out("savepoint error", state(e))
        conn.execute(f"INSERT INTO {table} (id, name) VALUES (12, 'after savepoint')")
    out("count", conn.execute(f"SELECT count(*) FROM {table}").fetchone())

# COPY in both directions.
with psycopg.connect(dsn, autocommit=True) as conn:
    with conn.cursor() as cur:
        with cur.copy(f"COPY {table} (id, name) FROM STDIN") as copy:
            for i in range(100, 105):
                copy.write_row((i, f"copy {i}"))
        out("copy in", cur.rowcount)
        with cur.copy(f"COPY (SELECT id, name FROM {table} WHERE id >= 100 ORDER BY id) TO STDOUT") as copy:
            for row in copy.rows():
                out("copy out", row)
    # Pipeline mode.
    with conn.pipeline():
        c1 = conn.execute(f"SELECT count(*) FROM {table}")
        c2 = conn.execute(f"UPDATE {table} SET flag = true WHERE id >= 100")
        c3 = conn.execute(f"SELECT count(*) FROM {table} WHERE flag")
    out("pipeline", c1.fetchone(), c2.rowcount, c3.fetchone())

# Server-side cursors: DECLARE with parameters, Describe of the cursor's portal, FETCH
# FORWARD itersize at a time, pg_cursors before CLOSE.
with psycopg.connect(dsn) as conn:
    with conn.cursor(name="srv") as cur:
        cur.itersize = 2
        cur.execute(f"SELECT id, name FROM {table} WHERE id >= %s ORDER BY id", (100,))
        out("server cursor description", [(d.name, d.type_code) for d in cur.description])
        out("server cursor first", cur.fetchone())
        out("server cursor many", cur.fetchmany(2))
        out("server cursor rest", cur.fetchall())
    conn.commit()
    with conn.cursor(name="held", withhold=True) as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        conn.commit()
        out("held cursor after commit", cur.fetchall())

with psycopg.connect(dsn, autocommit=True) as conn:
    conn.execute(f"DROP TABLE {table}")

# Every type pgwired maps, in text and in binary (binary=True cursors), as parameters of
# each Python type, through execute and executemany, NULLs included; values out of a
# column's range or length as drivers report them (SQLSTATE and message).
with psycopg.connect(dsn, autocommit=True) as conn:
    types = f"{table}_types"
    conn.execute(f"DROP TABLE IF EXISTS {types}")
    conn.execute(
        f"CREATE TABLE {types} (id integer PRIMARY KEY, s smallint, b bigint, n numeric(12,3), f8 double precision,"
        " ok boolean, t text, v varchar(5), d date, tm time, ts timestamp, by bytea, u uuid)"
    )
    row = (-7, -9000000000, decimal.Decimal("-1234.5"), -2.25, True, "tëxt", "vc", datetime.date(2024, 2, 29),
           datetime.time(13, 14, 15, 123456), datetime.datetime(2024, 5, 17, 13, 45, 10, 123456), b"\x00\x01\xff",
           uuid.UUID("12345678-1234-5678-9abc-def012345678"))
    for binary in (False, True):
        cur = conn.cursor(binary=binary)
        cur.execute(f"DELETE FROM {types}")
        ph = ", ".join(["%b" if binary else "%t"] * 13)
        cur.execute(f"INSERT INTO {types} VALUES ({ph})", (1,) + row)
        cur.executemany(f"INSERT INTO {types} VALUES ({ph})", [(2,) + (None,) * 12, (3,) + row])
        out("types", binary, "rowcount", cur.rowcount)
        cur.execute(f"SELECT * FROM {types} ORDER BY id")
        out("types", binary, "description", [(d.name, d.type_code) for d in cur.description])
        for r in cur.fetchall():
            out("types", binary, "row", r)
        cur.execute(f"SELECT id FROM {types} WHERE u = %s AND d = %s AND by = %s ORDER BY id", (row[11], row[7], row[10]))
        out("types", binary, "where", cur.fetchall())
        for col, val in [("s", 40000), ("s", -32769), ("b", 2**63), ("v", "toolong"), ("n", decimal.Decimal("1234567890.5")),
                         ("n", decimal.Decimal("999999999.9996"))]:
            try:
                cur.execute(f"INSERT INTO {types} (id, {col}) VALUES (%s, %s)", (9, val))
                out("types", binary, "range", col, "no error")
            except psycopg.Error as e:
                out("types", binary, "range", col, e.diag.sqlstate, e.diag.message_primary, e.diag.message_detail if col == "n" else "")
        try:
            cur.execute(f"UPDATE {types} SET id = %s WHERE id = 1", (2**31,))
            out("types", binary, "range id no error")
        except psycopg.Error as e:
            out("types", binary, "range id", e.diag.sqlstate, e.diag.message_primary)
    conn.execute(f"DROP TABLE {types}")

# Session parameters drivers read (ParameterStatus) or set, and SET/SHOW/RESET round trips.
with psycopg.connect(dsn, autocommit=True, application_name="scenario") as conn:
    def params():
        return [conn.info.parameter_status(p) for p in (
            "standard_conforming_strings", "client_encoding", "DateStyle", "TimeZone", "IntervalStyle",
            "integer_datetimes", "application_name")]
    out("parameter status", params())
    for q in ["SET DateStyle = 'ISO, DMY'", "SET DateStyle = ISO", "SET datestyle TO 'European'", "SET DateStyle = 'YMD'",
              "SET DateStyle = 'nonsense'", "SET DateStyle = 'ISO, SQL'", "RESET DateStyle",
              "SET TimeZone = 'Europe/Berlin'", "SET application_name = 'renamed'", "RESET application_name",
              "SET search_path = public", "SET extra_float_digits = 3", "SET standard_conforming_strings = on",
              "SET client_encoding = 'UTF8'", "SET no_such_parameter = 1", "SET myapp.tenant = 'a'",
              "SELECT set_config('TimeZone', 'America/New_York', false)", "SELECT set_config('application_name', 'via set_config', false)",
              "SELECT set_config('myapp.scope', 'statement', true)", "SELECT current_setting('myapp.scope', true)",
              "SET ROLE NONE", "RESET ROLE", "SET SESSION AUTHORIZATION DEFAULT", "RESET SESSION AUTHORIZATION",
              "SET application_name TO DEFAULT", "SET TimeZone = 'Europe/Berlin'"]:
        try:
            cur = conn.execute(q)
            out("set", q, "ok", cur.fetchall() if cur.description else cur.statusmessage, params())
        except psycopg.Error as e:
            out("set", q, e.diag.sqlstate, e.diag.message_primary, e.diag.message_detail)
    for q in ["SHOW DateStyle", "SHOW TimeZone", "SHOW search_path", "SHOW extra_float_digits", "SHOW myapp.tenant",
              "SHOW application_name", "SELECT current_setting('DateStyle')"]:
        out("show", q, conn.execute(q).fetchall())
    with conn.transaction():
        conn.execute("SET LOCAL DateStyle = 'ISO, YMD'")
        out("set local", conn.execute("SHOW DateStyle").fetchone(), conn.info.parameter_status("DateStyle"))
    out("after local", conn.execute("SHOW DateStyle").fetchone(), conn.info.parameter_status("DateStyle"))
    # A SET in a transaction that rolls back is undone; one that commits stays.
    conn.execute("SET TimeZone = 'UTC'")
    try:
        with conn.transaction():
            conn.execute("SET TimeZone = 'Asia/Tokyo'")
            conn.execute("SET myapp.tenant = 'b'")
            conn.execute("RESET application_name")
            out("in rolled back tx", conn.execute("SHOW TimeZone").fetchone(), conn.info.parameter_status("TimeZone"))
            conn.execute("SELECT 1/0")
    except psycopg.Error as e:
        out("rolled back", e.diag.sqlstate)
    out("after rollback", conn.execute("SHOW TimeZone").fetchone(), conn.execute("SHOW myapp.tenant").fetchone(),
        params())
    with conn.transaction():
        conn.execute("SET TimeZone = 'Asia/Tokyo'")
    out("after commit", conn.execute("SHOW TimeZone").fetchone(), params())
    conn.execute("SET application_name = 'again'")
    conn.execute("DISCARD PLANS")
    out("after discard plans", conn.execute("SHOW application_name").fetchone(), params())
    conn.execute("RESET ALL")
    out("after reset all", conn.execute("SHOW TimeZone").fetchone(), params())

# Cancellation: conn.cancel() from another thread during a long statement (a cross join
# the simulator and PostgreSQL both need seconds for), in autocommit and in a transaction;
# statement_timeout; the session goes on afterwards.
slowt = f"{table}_slow"
with psycopg.connect(dsn, autocommit=True) as conn:
    slow = f"SELECT count(*) FROM {slowt} a, {slowt} b, {slowt} c WHERE a.n + b.n + c.n = -1"
    conn.execute(f"DROP TABLE IF EXISTS {slowt}")
    conn.execute(f"CREATE TABLE {slowt} (n integer PRIMARY KEY)")
    conn.execute(f"INSERT INTO {slowt} (n) VALUES " + ", ".join(f"({i})" for i in range(1000)))
    for mode in ("autocommit", "transaction"):
        conn.autocommit = mode == "autocommit"
        if not conn.autocommit:
            conn.execute("SELECT 1")
        threading.Timer(0.5, conn.cancel).start()
        t0 = time.time()
        try:
            conn.execute(slow)
            out(mode, "cancel: no error")
        except psycopg.Error as e:
            out(mode, "cancel", e.diag.sqlstate, e.diag.severity, e.diag.message_primary, type(e).__name__, time.time() - t0 < 5)
        out(mode, "status", conn.info.transaction_status.name)
        if not conn.autocommit:
            try:
                conn.execute("SELECT 1")
            except psycopg.Error as e:
                out(mode, "after cancel in tx", e.diag.sqlstate)
            conn.rollback()
        out(mode, "after cancel", conn.execute(f"SELECT count(*) FROM {slowt} WHERE n < %s", (10,)).fetchone())
    conn.commit()
    conn.autocommit = True
    conn.execute("SET statement_timeout = '300ms'")
    try:
        conn.execute(slow)
        out("timeout: no error")
    except psycopg.Error as e:
        out("timeout", e.diag.sqlstate, e.diag.message_primary, type(e).__name__)
    conn.execute("RESET statement_timeout")
    out("after timeout", conn.execute(f"SELECT count(*) FROM {slowt} WHERE n < %s", (10,)).fetchone())
    # a cancel with nothing running is harmless
    conn.cancel()
    time.sleep(0.2)
    out("idle cancel", conn.execute("SELECT 1").fetchone())

# Errors as psycopg's e.diag shows them: SQLSTATE, severity, message and the position
# psql draws its caret at, from the simple and the extended protocol.
with psycopg.connect(dsn, autocommit=True) as conn:
    for q, args in [("SELEC 1", None), (f"SELECT * FROM {table}_missing", None), (f"SELECT * FROM {table}_missing WHERE 1 = %s", (1,)),
                    (f"SELECT 1 AS one;\nSELECT * FROM \"{table}_Missing\"", None), ("SELECT 1/0", None), ("SELECT 1/%s", (0,)),
                    (f"SELECT nocol FROM {table}_slow", None), (f"SELECT n, t.NoCol FROM {table}_slow t WHERE n = %s", (1,)),
                    (f"CREATE TABLE {table}_slow (n integer)", None), ("SELECT 1, 'x'::int", None),
                    ("SELECT CAST('40000' AS smallint)", None), ("SELECT 99999999999::int", None),
                    ("SELECT %s::int + 1", ("x",)), ("SELECT %s::numeric * 2", ("1,5",))]:
        try:
            conn.execute(q, args) if args is not None else conn.execute(q)
            out("diag", q, "no error")
        except psycopg.Error as e:
            d = e.diag
            out("diag", repr(q), d.sqlstate, d.severity, d.severity_nonlocalized, repr(d.message_primary), d.statement_position, repr(d.message_detail), repr(d.context))
    conn.execute(f"DROP TABLE {table}_slow")

# timestamptz results (now(), casts) in text and binary: drivers need the zone.
with psycopg.connect(dsn, autocommit=True) as conn:
    aware = datetime.datetime(2024, 5, 17, 13, 45, 10, 500000, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    for binary in (False, True):
        try:
            r = conn.cursor(binary=binary).execute("SELECT now(), current_timestamp, %s::timestamptz, current_time", (aware,)).fetchone()
            now = datetime.datetime.now(datetime.timezone.utc)
            out("timestamptz", binary, [type(v).__name__ for v in r], r[0].tzinfo is not None,
                abs(r[0] - now) < datetime.timedelta(minutes=5), r[2] == aware, r[2].utcoffset(), r[3].utcoffset())
        except (psycopg.Error, ValueError) as e:
            out("timestamptz", binary, type(e).__name__, str(e).splitlines()[0][:60])

# json and jsonb columns come back as Python values (psycopg loads them by type), in text
# and binary; jsonb in PostgreSQL's canonical form.
with psycopg.connect(dsn, autocommit=True) as conn:
    conn.execute(f"CREATE TABLE {table}_json (id integer PRIMARY KEY, j json, b jsonb)")
    conn.execute(f"INSERT INTO {table}_json VALUES (1, %s, %s), (2, NULL, %s)",
                 ('{"b": 1, "a": [1, 2.5]}', '{"b": 1, "a": [1, 2.5], "b": true}', '[]'))
    for binary in (False, True):
        rows = conn.cursor(binary=binary).execute(f"SELECT id, j, b FROM {table}_json ORDER BY id").fetchall()
        out("json", binary, rows, [type(v).__name__ for r in rows for v in r])
    conn.execute(f"DROP TABLE {table}_json")
