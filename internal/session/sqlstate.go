package session

import "strings"

// sqlStateForSQLCODE maps an IRIS SQLCODE (negative) to the PostgreSQL SQLSTATE a client of
// PostgreSQL would get for the same failure. Table: iris-sql.md section C. detail is IRIS's
// %msg text, which refines the generic codes (-104/-105 length overflow, -400 by cause).
func sqlStateForSQLCODE(code int, detail string) string {
	switch code {
	case -1, -2, -3, -4, -9, -10, -12, -25, -26, -116, -386:
		return "42601" // syntax_error
	case -7:
		return "22003" // numeric_value_out_of_range
	case -8:
		return "22023" // invalid_parameter_value
	case -19:
		return "42803" // grouping_error
	case -23, -30:
		return "42P01" // undefined_table
	case -24, -27:
		return "42702" // ambiguous_column
	case -29:
		return "42703" // undefined_column
	case -35:
		return "42809" // wrong_object_type
	case -37, -144, -145:
		return "0A000" // feature_not_supported
	case -99, -112, -372, -373:
		return "42501" // insufficient_privilege
	case -104, -105:
		if d := strings.ToUpper(detail); strings.Contains(d, "MAXLEN") || strings.Contains(d, "TOO LONG") || strings.Contains(d, "LENGTH") {
			return "22001" // string_data_right_truncation
		}
		return "22P02" // invalid_text_representation
	case -106, -109:
		return "02000" // no_data
	case -107, -111, -138:
		return "428C9" // generated_always
	case -108:
		return "23502" // not_null_violation
	case -110, -114:
		return "55P03" // lock_not_available
	case -115:
		return "25006" // read_only_sql_transaction
	case -119, -120, -125:
		return "23505" // unique_violation
	case -121, -122, -123, -124, -127:
		return "23503" // foreign_key_violation
	case -130, -131, -132, -133, -134, -135:
		return "09000" // triggered_action_exception
	case -136, -137:
		return "44000" // with_check_option_violation
	case -139:
		return "40001" // serialization_failure
	case -140:
		return "22011" // substring_error
	case -141:
		return "22P02"
	case -146, -147:
		return "22007" // invalid_datetime_format
	case -149:
		return "22000" // data_exception
	case -201, -324:
		return "42P07" // duplicate_table
	case -257, -258, -259:
		return "22000"
	case -301, -302, -375:
		return "3B001" // invalid_savepoint_specification
	case -320, -321:
		// DROP of a table a foreign key (-320, the simulator's code; IRIS's is not
		// established) or a view (-321) depends on, also for DROP TABLE … CASCADE.
		return "2BP01" // dependent_objects_still_exist
	case -307, -308:
		return "42P16" // invalid_table_definition
	case -311:
		return "42710" // duplicate_object
	case -315:
		return "42704" // undefined_object
	case -312:
		return "42939" // reserved_name
	case -358:
		return "42725" // ambiguous_function
	case -359:
		return "42883" // undefined_function
	case -306, -377:
		return "42701" // duplicate_column
	case -400:
		d := strings.ToUpper(detail)
		switch {
		case strings.Contains(d, "<DIVIDE>"):
			return "22012" // division_by_zero
		case strings.Contains(d, "<PROTECT>"):
			return "42501"
		case strings.Contains(d, "<TRANSACTION LEVEL>"):
			return "54000"
		case strings.Contains(d, "#5053"):
			return "42602"
		case strings.Contains(d, "MORE THAN ONE ROW RETURNED BY A SUBQUERY"):
			return "21000" // cardinality_violation (the simulator's wording; IRIS's is not established)
		}
		return "XX000"
	}
	return "XX000" // internal_error: an IRIS failure pgwired has no better name for
}
