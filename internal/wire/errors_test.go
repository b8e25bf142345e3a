package wire

import (
	"errors"
	"fmt"
	"testing"
)

type codedError struct{}

func (codedError) Error() string    { return "deadlock detected" }
func (codedError) SQLState() string { return "40P01" }

func TestToWireError(t *testing.T) {
	detailed := &Error{Code: "23505", Message: "duplicate", Detail: "Key (id)=(1) already exists.", ConstraintName: "t_pkey"}
	cases := []struct {
		err               error
		code, msg, detail string
	}{
		{detailed, "23505", "duplicate", "Key (id)=(1) already exists."},
		{fmt.Errorf("wrapped: %w", detailed), "23505", "duplicate", "Key (id)=(1) already exists."},
		{fmt.Errorf("in session: %w", codedError{}), "40P01", "in session: deadlock detected", ""},
		{errors.New("boom"), "XX000", "boom", ""},
		{&Error{Message: "no code"}, "XX000", "no code", ""},
	}
	for _, tc := range cases {
		we := toWireError(tc.err)
		resp := we.response()
		if resp.Code != tc.code || resp.Message != tc.msg || resp.Detail != tc.detail || resp.Severity != "ERROR" || resp.SeverityUnlocalized != "ERROR" {
			t.Errorf("%v: got %+v", tc.err, resp)
		}
	}
	if resp := toWireError(detailed).response(); resp.ConstraintName != "t_pkey" {
		t.Errorf("constraint name lost: %+v", resp)
	}
	if !Fatalf("57P01", "x").fatal() || Errorf("42000", "x").fatal() {
		t.Error("Fatalf/Errorf severities")
	}
}
