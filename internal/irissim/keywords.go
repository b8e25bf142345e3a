package irissim

// sqlKeywords are words that never start an alias and are never function
// names (LEFT/RIGHT are functions only when followed by '(').
var sqlKeywords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "GROUP": true, "BY": true, "HAVING": true, "ORDER": true,
	"UNION": true, "ALL": true, "EXCEPT": true, "INTERSECT": true, "JOIN": true, "INNER": true, "LEFT": true,
	"RIGHT": true, "FULL": true, "OUTER": true, "CROSS": true, "NATURAL": true, "ON": true, "USING": true,
	"AS": true, "AND": true, "OR": true, "NOT": true, "IN": true, "EXISTS": true, "BETWEEN": true, "LIKE": true,
	"IS": true, "NULL": true, "CASE": true, "WHEN": true, "THEN": true, "ELSE": true, "END": true,
	"DISTINCT": true, "TOP": true, "LIMIT": true, "OFFSET": true, "FETCH": true, "INTO": true, "VALUES": true,
	"SET": true, "UPDATE": true, "DELETE": true, "INSERT": true, "WITH": true, "ASC": true, "DESC": true,
	"ESCAPE": true, "ANY": true, "SOME": true, "CAST": true, "%STARTSWITH": true, "%PATTERN": true, "%MATCHES": true, "DEFAULT": true,
	"ROW": true, "ROWS": true, "ONLY": true, "FIRST": true, "NEXT": true, "PARTITION": true,
}

// rejectedWords are PostgreSQL/SQLite spellings IRIS does not have. They
// would otherwise reach SQLite, which accepts several of them.
var rejectedWords = map[string]string{
	"RETURNING": "RETURNING is not supported by IRIS SQL",
	"ILIKE":     "ILIKE is not IRIS SQL; use UPPER(x) LIKE UPPER(p)",
	"SIMILAR":   "SIMILAR TO is not IRIS SQL; use %MATCHES",
	"REGEXP":    "REGEXP is not IRIS SQL",
	"GLOB":      "GLOB is not IRIS SQL",
	"ARRAY":     "Arrays are not supported",
	"COLLATE":   "COLLATE is not supported in queries; use %EXACT or %SQLUPPER",
	"ISNULL":    "ISNULL postfix operator is not IRIS SQL",
	"NOTNULL":   "NOTNULL is not IRIS SQL",
	"INDEXED":   "INDEXED BY is not IRIS SQL",
}
