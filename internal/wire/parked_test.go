package wire

import "testing"

// TestParkedSessions runs the session-lifecycle tests with every idle session waiting in
// a fresh goroutine (resumeOnInput), as it does from parkIdleFrom connections on: idle
// timeouts, shutdown, cancel, pipelines, portals, COPY and real drivers must behave the
// same.
func TestParkedSessions(t *testing.T) {
	defer func(v int64) { parkIdleFrom = v }(parkIdleFrom)
	parkIdleFrom = 0
	for name, test := range map[string]func(*testing.T){
		"IdleTimeouts":                      TestIdleTimeouts,
		"ShutdownWaitsForSessions":          TestShutdownWaitsForSessions,
		"ShutdownTerminatesAfterDeadline":   TestShutdownTerminatesAfterDeadline,
		"SimpleQueryMultipleStatements":     TestSimpleQueryMultipleStatements,
		"ExtendedPipeline":                  TestExtendedPipeline,
		"ExecuteRowLimitSuspendsPortal":     TestExecuteRowLimitSuspendsPortal,
		"SkipToSyncAfterError":              TestSkipToSyncAfterError,
		"SessionPanicIsConfined":            TestSessionPanicIsConfined,
		"FatalSessionErrorClosesConnection": TestFatalSessionErrorClosesConnection,
		"PgxQueryExecModes":                 TestPgxQueryExecModes,
		"PgxBatchPipeline":                  TestPgxBatchPipeline,
		"PgxCancelRequest":                  TestPgxCancelRequest,
		"PgxCopy":                           TestPgxCopy,
		"PsqlSimpleQuery":                   TestPsqlSimpleQuery,
		"CopyRaw":                           TestCopyRaw,
		"HotPathAllocations":                TestHotPathAllocations,
	} {
		t.Run(name, test)
	}
}
