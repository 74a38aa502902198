package filename_test

import (
	"testing"

	"github.com/sparekey/sparekey/internal/filename"
)

func TestSafe(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"alice", "alice"},
		{"", ""},
		{`a/b\c:d*e?f"g<h>i|j`, "a_b_c_d_e_f_g_h_i_j"},
		{"tab\there\nnew\x7f", "tab_here_new_"},
		{"ünïcödé ok", "ünïcödé ok"},
	} {
		if got := filename.Safe(c.in); got != c.want {
			t.Errorf("Safe(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
