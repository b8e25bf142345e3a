package irissim

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves goroutines behind (connection
// loops, readers, database/sql openers).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
