package irissim

import (
	"context"
	"strconv"
	"time"
)

// lockTable runs LOCK [TABLE] t IN {EXCLUSIVE|SHARE} MODE [WAIT n] and UNLOCK [TABLE] t
// IN {EXCLUSIVE|SHARE} MODE [IMMEDIATE] (IRIS SQL reference, LOCK and UNLOCK). The table
// must exist (-30) and not be a view (-400). The simulator has one writer lock per
// namespace: an EXCLUSIVE lock in a transaction takes it as a write would, so other
// writers wait until the transaction ends (more than IRIS's lock of one table blocks,
// never less). UNLOCK without IMMEDIATE lets go at the end of the transaction, which is
// when the simulator gives the writer lock back anyway; SHARE locks and locks outside a
// transaction are accepted without effect (pgwired takes locks only in transactions).
func (s *session) lockTable(ctx context.Context, cat *catalog, toks []token) (*result, *sqlError) {
	unlock := toks[0].is("UNLOCK")
	i := 1
	if toks[i].is("TABLE") {
		i++
	}
	schema, name, i, err := qualifiedName(cat, toks, i)
	if err != nil {
		return nil, err
	}
	if !toks[i].is("IN") || !(toks[i+1].is("EXCLUSIVE") || toks[i+1].is("SHARE")) || !toks[i+2].is("MODE") {
		return nil, errSyntax("IN EXCLUSIVE MODE or IN SHARE MODE expected")
	}
	exclusive := toks[i+1].is("EXCLUSIVE")
	i += 3
	wait := lockTimeout
	switch {
	case !unlock && toks[i].is("WAIT"):
		n, convErr := strconv.Atoi(toks[i+1].text)
		if toks[i+1].kind != tkNumber || convErr != nil || n < 0 {
			return nil, errSyntax("WAIT expects a number of seconds")
		}
		wait, i = time.Duration(n)*time.Second, i+2
	case unlock && toks[i].is("IMMEDIATE"):
		i++
	}
	if toks[i].kind != tkEOF {
		return nil, errSyntax("Unexpected " + toks[i].text)
	}
	t := cat.lookup(schema, name)
	if t == nil {
		return nil, sqlErrorf(-30, "Table '%s.%s' not found", upperIdent(schema), upperIdent(name))
	}
	if t.View {
		return nil, sqlErrorf(-400, "LOCK of view '%s.%s'", schema, name)
	}
	if unlock || !exclusive || !s.inTx || s.dryRun {
		return &result{}, nil
	}
	if !s.writing {
		if err := s.ns.writers.lock(ctx, wait); err != nil {
			if err.Code == -114 { // not acquired in time: LOCK's own code (its documented example)
				return nil, sqlErrorf(-110, "Unable to acquire lock for LOCK TABLE '%s.%s'", schema, name)
			}
			return nil, err
		}
		s.writing = true
	}
	if err := s.openTx(ctx); err != nil {
		return nil, err
	}
	return &result{}, nil
}
