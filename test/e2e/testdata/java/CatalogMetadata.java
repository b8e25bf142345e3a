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
            print("views", md.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
            print("sequences", md.getTables(null, null, "%", new String[] {"SEQUENCE"}), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
            print("indexes", md.getTables(null, "public", "%", new String[] {"INDEX"}), "TABLE_NAME", "TABLE_TYPE");
            print("columns", md.getColumns(null, "sales", "region", null),
                "COLUMN_NAME", "TYPE_NAME", "COLUMN_SIZE", "NULLABLE", "COLUMN_DEF", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
            print("columns", md.getColumns(null, "public", "order_items", "%"),
                "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "COLUMN_DEF");
            print("exported", md.getExportedKeys(null, "public", "orders"),
                "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY");
            print("cross", md.getCrossReference(null, "public", "customers", null, "public", "orders"),
                "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "FK_NAME");
            print("unique", md.getIndexInfo(null, "public", "customers", true, true),
                "INDEX_NAME", "NON_UNIQUE", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "FILTER_CONDITION");
            print("schemas", md.getSchemas(null, "s%"), "TABLE_SCHEM");
            print("functions", md.getFunctions(null, "public", "%"), "FUNCTION_NAME");
            print("best", md.getBestRowIdentifier(null, "public", "order_items", DatabaseMetaData.bestRowSession, true),
                "COLUMN_NAME", "TYPE_NAME", "COLUMN_SIZE");
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
