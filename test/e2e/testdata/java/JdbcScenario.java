import java.math.BigDecimal;
import java.sql.*;
import java.util.Properties;

/**
 * A pgjdbc client program; prints what its user observes. Run against PostgreSQL and pgwired
 * by test/e2e with: java -cp /usr/share/java/postgresql.jar JdbcScenario.java URL USER PASSWORD TABLE
 */
public class JdbcScenario {
    static void out(Object... parts) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (b.length() > 0) b.append(' ');
            b.append(p);
        }
        System.out.println(b);
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        props.setProperty("password", args[2]);
        String t = args[3];
        try (Connection c = DriverManager.getConnection(args[0], props)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + t);
                s.execute("CREATE TABLE " + t + " (id integer PRIMARY KEY, name varchar(30) NOT NULL, price numeric(9,2), active boolean, created timestamp)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "item " + i);
                    ps.setBigDecimal(3, new BigDecimal("10.50").multiply(BigDecimal.valueOf(i)));
                    ps.setBoolean(4, i % 2 == 1);
                    ps.setTimestamp(5, Timestamp.valueOf("2024-01-0" + i + " 10:00:00"));
                    out("insert", ps.executeUpdate());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, price, active, created FROM " + t + " WHERE price > ? ORDER BY id")) {
                ps.setBigDecimal(1, new BigDecimal("11"));
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out("column", md.getColumnName(i), md.getColumnTypeName(i));
                    }
                    // From RowDescription's table OID and attribute number: the table's
                    // name, NOT NULL and the like come from the catalog.
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out("column source", md.getColumnName(i), md.getTableName(i), md.isNullable(i), md.isAutoIncrement(i));
                    }
                    while (rs.next()) {
                        out("row", rs.getInt(1), rs.getString(2), rs.getBigDecimal(3), rs.getBoolean(4), rs.getTimestamp(5));
                    }
                }
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                out("update", s.executeUpdate("UPDATE " + t + " SET active = false"));
                c.rollback();
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t + " WHERE active")) {
                    rs.next();
                    out("active after rollback", rs.getLong(1));
                }
                try {
                    s.executeUpdate("INSERT INTO " + t + " (id, name) VALUES (1, 'dup')");
                } catch (SQLException e) {
                    out("dup", e.getSQLState());
                }
                c.rollback();
                s.executeUpdate("DELETE FROM " + t + " WHERE id = 3");
                c.commit();
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    out("count", rs.getLong(1));
                }
            }
            // A fetch size inside a transaction makes pgjdbc read through a portal in
            // batches (Execute with a row limit, PortalSuspended).
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM " + t + " ORDER BY id")) {
                ps.setFetchSize(1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out("fetched", rs.getInt(1), rs.getString(2));
                    }
                }
            }
            // Other statements while a portal is suspended (a reader and a writer on one
            // connection, as batch jobs do), and a commit with rows left unread.
            try (Statement reader = c.createStatement(); Statement writer = c.createStatement()) {
                reader.setFetchSize(1);
                try (ResultSet rs = reader.executeQuery("SELECT id, name FROM " + t + " ORDER BY id")) {
                    while (rs.next()) {
                        out("read", rs.getInt(1));
                        out("write", writer.executeUpdate("UPDATE " + t + " SET name = name || '+' WHERE id = " + rs.getInt(1)));
                    }
                }
                ResultSet left = reader.executeQuery("SELECT id FROM " + t + " ORDER BY id");
                left.next();
                out("left unread", left.getInt(1));
            }
            c.commit();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM " + t + " ORDER BY id")) {
                while (rs.next()) {
                    out("after commit", rs.getString(1));
                }
            }
            c.commit();
            c.setAutoCommit(true);
            // executeBatch in autocommit: pgjdbc sends the batch before one Sync, which
            // PostgreSQL runs as one implicit transaction: a failing row undoes the others.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, name) VALUES (?, ?)")) {
                for (int id : new int[] {70, 71, 70}) {
                    ps.setInt(1, id);
                    ps.setString(2, "batch " + id);
                    ps.addBatch();
                }
                try {
                    ps.executeBatch();
                    out("batch", "ok");
                } catch (BatchUpdateException e) {
                    out("batch", e.getSQLState());
                }
                for (int id : new int[] {72, 73}) {
                    ps.setInt(1, id);
                    ps.setString(2, "batch " + id);
                    ps.addBatch();
                }
                out("batch counts", java.util.Arrays.toString(ps.executeBatch()));
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + t + " WHERE id >= 70 ORDER BY id")) {
                StringBuilder ids = new StringBuilder();
                while (rs.next()) {
                    ids.append(rs.getInt(1)).append(' ');
                }
                out("batch rows", ids.toString().trim());
            }
            // setObject with java.time, BigDecimal, UUID and byte[]; read back through a
            // statement run often enough (prepareThreshold 5) that pgjdbc asks for binary.
            String tt = t + "_types";
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + tt);
                s.execute("CREATE TABLE " + tt + " (id integer PRIMARY KEY, d date, ts timestamp, tm time, n numeric(10,3), u uuid, b bytea, f double precision, ok boolean)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tt + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setObject(2, java.time.LocalDate.of(2024, 2, 29));
                ps.setObject(3, java.time.LocalDateTime.of(2024, 5, 17, 13, 45, 10, 123456000));
                ps.setObject(4, java.time.LocalTime.of(1, 2, 3));
                ps.setObject(5, new BigDecimal("-12.5"));
                ps.setObject(6, java.util.UUID.fromString("12345678-1234-5678-9abc-def012345678"));
                ps.setObject(7, new byte[] {0, 1, (byte) 255});
                ps.setObject(8, 1.5d);
                ps.setObject(9, true);
                out("types insert", ps.executeUpdate());
                ps.setInt(1, 2);
                for (int i = 2; i <= 9; i++) {
                    ps.setNull(i, Types.OTHER);
                }
                out("types insert nulls", ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT d, ts, tm, n, u, b, f, ok FROM " + tt + " WHERE id = ?")) {
                for (int i = 0; i < 7; i++) {
                    ps.setInt(1, 1 + i % 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out("types", i, rs.getObject(1, java.time.LocalDate.class), rs.getObject(2, java.time.LocalDateTime.class),
                            rs.getObject(3, java.time.LocalTime.class), rs.getBigDecimal(4), rs.getObject(5),
                            java.util.Arrays.toString(rs.getBytes(6)), rs.getObject(7), rs.getObject(8));
                    } catch (SQLException e) {
                        out("types", i, e.getSQLState());
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + tt);
            }
            // setQueryTimeout and Statement.cancel from another thread on a long statement
            // (a cross join both servers need seconds for), in autocommit and in a
            // transaction (which the cancel fails, 25P02 until rollback).
            String st = t + "_slow";
            String slow = "SELECT count(*) FROM " + st + " a, " + st + " b, " + st + " c WHERE a.n + b.n + c.n = -1";
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + st);
                s.execute("CREATE TABLE " + st + " (n integer PRIMARY KEY)");
                StringBuilder values = new StringBuilder("INSERT INTO " + st + " (n) VALUES ");
                for (int i = 0; i < 1000; i++) {
                    values.append(i > 0 ? ", (" : "(").append(i).append(")");
                }
                s.execute(values.toString());
                for (boolean auto : new boolean[] {true, false}) {
                    c.setAutoCommit(auto);
                    try (Statement q = c.createStatement()) {
                        q.setQueryTimeout(1);
                        long t0 = System.nanoTime();
                        try {
                            q.executeQuery(slow);
                            out(auto, "timeout: no error");
                        } catch (SQLException e) {
                            out(auto, "timeout", e.getSQLState(), e.getMessage(), (System.nanoTime() - t0) / 1e9 < 5);
                        }
                    }
                    if (!auto) {
                        try (ResultSet rs = s.executeQuery("SELECT 1")) {
                            out("in failed transaction: no error");
                        } catch (SQLException e) {
                            out("in failed transaction", e.getSQLState());
                        }
                        c.rollback();
                    }
                    try (PreparedStatement q = c.prepareStatement(slow)) {
                        Thread canceller = new Thread(() -> {
                            try {
                                Thread.sleep(500);
                                q.cancel();
                            } catch (Exception e) {
                                out("cancel thread", e);
                            }
                        });
                        canceller.start();
                        try {
                            q.executeQuery();
                            out(auto, "cancel: no error");
                        } catch (SQLException e) {
                            out(auto, "cancel", e.getSQLState(), e.getMessage());
                        }
                        canceller.join();
                    }
                    if (!auto) {
                        c.rollback();
                    }
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + st + " WHERE n < 10")) {
                        rs.next();
                        out(auto, "after cancel", rs.getLong(1));
                    }
                    if (!auto) {
                        c.commit();
                    }
                }
                c.setAutoCommit(true);
                s.execute("DROP TABLE " + st);
            }
            try (Statement s = c.createStatement()) {
                try {
                    s.executeQuery("SELECT * FROM jdbc_missing_table");
                } catch (SQLException e) {
                    out("missing", e.getSQLState());
                }
                s.execute("DROP TABLE " + t);
            }
        }
    }
}
