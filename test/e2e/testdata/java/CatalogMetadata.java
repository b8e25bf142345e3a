import java.sql.*;

// CatalogMetadata prints what pgjdbc's DatabaseMetaData reports for the catalog test
// schema; the e2e test compares the output from PostgreSQL and from pgwired.
public class CatalogMetadata {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            DatabaseMetaData md = c.getMetaData();
            print("tables", md.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"}),
                "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS");
            print("columns", md.getColumns(null, "public", "orders", "%"),
                "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS",
                "NULLABLE", "COLUMN_DEF", "ORDINAL_POSITION", "IS_NULLABLE", "IS_AUTOINCREMENT");
            print("columns", md.getColumns(null, "public", "customers", "%"),
                "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE",
                "IS_AUTOINCREMENT");
            print("pk", md.getPrimaryKeys(null, "public", "order_items"),
                "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
            print("pk", md.getPrimaryKeys(null, "sales", "region"),
                "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
            print("fk", md.getImportedKeys(null, "public", "orders"),
                "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ",
                "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME");
            print("index", md.getIndexInfo(null, "public", "order_items", false, false),
                "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME", "ORDINAL_POSITION", "COLUMN_NAME");
            print("schemas", md.getSchemas(), "TABLE_SCHEM");
            // DBeaver reads the keywords on connect (pg_get_keywords()).
            System.out.println("keywords | " + md.getSQLKeywords());
        }
    }

    static void print(String label, ResultSet rs, String... cols) throws SQLException {
        try (rs) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder(label);
                for (String col : cols) {
                    b.append(" | ").append(rs.getString(col));
                }
                System.out.println(b);
            }
        }
    }
}
