"""A psycopg2 client program (client-side parameter interpolation, as many ORMs use).

Usage: psycopg2_scenario.py DSN TABLE
"""
import datetime
import decimal
import sys

import psycopg2

dsn, table = sys.argv[1], sys.argv[2]


def out(*args):
    print(*args, flush=True)


conn = psycopg2.connect(dsn)
conn.autocommit = True
cur = conn.cursor()
cur.execute(f"DROP TABLE IF EXISTS {table}")
cur.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, name varchar(40), amount numeric(8,2), day date, flag boolean)")
cur.execute(f"INSERT INTO {table} VALUES (%s, %s, %s, %s, %s)", (1, "it's", decimal.Decimal("9.99"), datetime.date(2024, 1, 31), True))
cur.execute(f"INSERT INTO {table} VALUES (%s, %s, %s, %s, %s)", (2, None, None, None, False))
out("rowcount", cur.rowcount, cur.statusmessage)
cur.execute(f"SELECT * FROM {table} ORDER BY id")
out("description", [d.name for d in cur.description])
for row in cur.fetchall():
    out("row", row)
cur.execute(f"SELECT name FROM {table} WHERE name = %s", ("it's",))
out("quoted", cur.fetchall())
cur.execute(f"UPDATE {table} SET amount = amount * 2 WHERE id = 1")
out("update", cur.rowcount, cur.statusmessage)
try:
    cur.execute(f"INSERT INTO {table} VALUES (1, 'dup', NULL, NULL, NULL)")
except psycopg2.Error as e:
    out("error", e.pgcode)
conn.autocommit = False
cur.execute(f"DELETE FROM {table}")
conn.rollback()
cur.execute(f"SELECT count(*) FROM {table}")
out("after rollback", cur.fetchone())
conn.commit()
# Named (server-side) cursors: DECLARE, then FETCH FORWARD itersize at a time, as
# Django's QuerySet.iterator() and SQLAlchemy's stream_results do.
cur.execute(f"INSERT INTO {table} SELECT id + 10, name, amount, day, flag FROM {table}")
conn.commit()
named = conn.cursor(name="stream")
named.itersize = 1
named.execute(f"SELECT id, name, amount FROM {table} WHERE id > %s ORDER BY id", (0,))
out("named first", named.fetchone())
cur.execute(f"SELECT count(*) FROM {table}")  # another statement while the cursor is open
out("count while open", cur.fetchone())
out("named many", named.fetchmany(2))
out("named rest", [r for r in named])
named.close()
conn.commit()
conn.autocommit = True
held = conn.cursor(name="held", withhold=True)
held.execute(f"SELECT id FROM {table} ORDER BY id DESC")
out("held", held.fetchall())
held.close()
conn.autocommit = False
try:
    bad = conn.cursor(name="bad")
    bad.execute(f"SELECT no_such_column FROM {table}")
except psycopg2.Error as e:
    out("named error", e.pgcode)
conn.rollback()
# bytes: psycopg2 writes them into the SQL text as '\x…'::bytea.
cur.execute(f"CREATE TABLE {table}_bin (id integer PRIMARY KEY, b bytea)")
blobs = [bytes(range(256)), b"", b"it's \\ bin\x00\x01", None]
for i, blob in enumerate(blobs):
    cur.execute(f"INSERT INTO {table}_bin VALUES (%s, %s)", (i, None if blob is None else psycopg2.Binary(blob)))
cur.execute(f"SELECT id, b FROM {table}_bin WHERE b IS NULL OR b <> %s ORDER BY id", (psycopg2.Binary(b"x"),))
out("bytea", [(r[0], None if r[1] is None else bytes(r[1]) == blobs[r[0]]) for r in cur.fetchall()])
cur.execute(f"SELECT id FROM {table}_bin WHERE b = %s", (psycopg2.Binary(blobs[2]),))
out("bytea equal", cur.fetchall())
cur.execute(f"DROP TABLE {table}_bin")
cur.execute(f"DROP TABLE {table}")
conn.commit()
conn.close()
