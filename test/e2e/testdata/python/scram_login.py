# Logs in with psycopg 3 using the DSN in argv[1] and prints CURRENT_USER, or the
# SQLSTATE of the failure as "ERROR <code>".
import sys
import psycopg

try:
    with psycopg.connect(sys.argv[1]) as conn:
        print(conn.execute("SELECT CURRENT_USER").fetchone()[0])
except psycopg.OperationalError as e:
    print("ERROR", getattr(e, "sqlstate", None) or "", str(e).strip().splitlines()[-1] if str(e).strip() else "")
