package session

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// zoneSnapshot is the catalog snapshot markTimestamptz reads, taken before a query opens
// its result on the IRIS connection (reading the catalog then would disturb it): the one
// loaded since the namespace's last DDL, however old (no IRIS call), else a fresh one.
// nil when the catalog cannot be read.
func (s *Session) zoneSnapshot(ctx context.Context, planCols []translate.Column) *catalog.Snapshot {
	if !mayReadColumns(planCols) {
		return nil // SELECT 1, count(*): nothing to look up
	}
	if user, err := s.irisUser(); err == nil {
		if snap, ok := s.m.catalogCache().Current(user, s.cred.Namespace); ok {
			return snap
		}
	}
	if s.noZoneSnapshot {
		return nil
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		// Not allowed to read INFORMATION_SCHEMA, say: the columns stay timestamp, and
		// later queries do not pay for another attempt. A cancel is not such a failure.
		s.noZoneSnapshot = ctx.Err() == nil
		return nil
	}
	return snap
}

// markTimestamptz describes as timestamptz the result columns that are timestamptz
// columns of a table: IRIS keeps them as TIMESTAMP (their UTC time) and reports
// TIMESTAMP; the catalog knows them by pgwired's %DESCRIPTION (catalog.TimestamptzMarker).
// Other expressions of such a column (ts + interval) stay timestamp: a known difference.
func markTimestamptz(snap *catalog.Snapshot, cols []iris.Column, planCols []translate.Column, fields []pgproto3.FieldDescription) {
	if snap == nil {
		return
	}
	for i := range fields {
		if fields[i].DataTypeOID != oidTimestamp {
			continue
		}
		zoned := false
		if i < len(planCols) && planCols[i].Source != nil {
			// What the translator knows: the column itself, also under an alias, or
			// min/max/date_trunc of it.
			oid, ok := snapshotCatalog{snap: snap}.ColumnType(*planCols[i].Source)
			// A date column reported as TIMESTAMP is date_trunc of it, which PostgreSQL
			// computes on the date as a timestamptz.
			zoned = ok && (oid == oidTimestamptz || oid == oidDate)
		} else if c := &cols[i]; c.Table != "" && c.Name != "" && !c.Expression {
			// SELECT *: what IRIS reports of the column.
			_, tc := snap.SourceColumn(c.Schema, c.Table, c.Name)
			zoned = tc != nil && tc.TypeOID == oidTimestamptz
		}
		if zoned {
			fields[i].DataTypeOID, fields[i].DataTypeSize, fields[i].TypeModifier = oidTimestamptz, 8, -1
		}
	}
}

// mayReadColumns: a result with these columns may show a table's column as it is (or
// through min/max/date_trunc); unknown columns (SELECT *) may.
func mayReadColumns(cols []translate.Column) bool {
	if cols == nil {
		return true
	}
	for _, c := range cols {
		if c.Source != nil {
			return true
		}
	}
	return false
}
