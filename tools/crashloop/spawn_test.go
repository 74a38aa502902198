package main

import "testing"

// TestLanded: where a kill landed is read from the journal's last line.
func TestLanded(t *testing.T) {
	for _, tc := range []struct {
		journal []string
		want    string
		mid     bool
	}{
		{nil, "before the operation began", false},
		{[]string{jReady}, "before the operation's first write", false},
		{[]string{jReady, jKRBegin}, "in a keyring write", true},
		{[]string{jReady, jKRBegin, jKREnd}, "between writes", false},
		{[]string{jReady, jKRBegin, jKREnd, jFile + "sync vault"}, "in a file write (sync vault)", true},
		{[]string{jReady, jSecret + "ABC"}, "between writes", false},
		{[]string{jReady, jEndOK}, "after the operation returned", false},
		{[]string{jReady, jEndFailed + "boom"}, "after the operation returned", false},
	} {
		r := runRecord{journal: tc.journal}
		if got := r.landed(); got != tc.want || r.midWrite() != tc.mid {
			t.Errorf("%q: landed %q, mid-write %v; want %q, %v", tc.journal, got, r.midWrite(), tc.want, tc.mid)
		}
	}
}
