// Package matrix keeps the bad-input matrix (issue 10) honest: the
// table-driven tests of the vault, app and screens layers record one Row
// per case, and the Markdown table in docs/SECURITY.md is rendered from
// those rows (tools/matrix), so it cannot drift from what the tests check.
// Each layer lists its cases as Case values over its own context and
// runs them with Run, which checks each the same way in every layer.
//
// A normal test run compares the rows it produced with the stored ones
// (testdata/<layer>.json beside this file) and fails on any difference;
// with SPAREKEY_UPDATE_MATRIX=1 it rewrites them instead. The whole chain
// is scripts/security-tables.sh.
package matrix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// UpdateEnv is the environment variable that makes Finish rewrite the
// stored rows instead of comparing with them.
const UpdateEnv = "SPAREKEY_UPDATE_MATRIX"

// Layers in the order the table shows them.
var Layers = []string{"vault", "app", "screens"}

// Row is what one layer's test found for one case.
type Row struct {
	Case  string `json:"case"`  // the stable name, shared by every layer that runs the case
	Group string `json:"group"` // the heading it is listed under
	Input string `json:"input"` // what was given, in words
	// Error is the sentinel the layer returned, as Name gives it;
	// "accepted" when it succeeded.
	Error string `json:"error"`
	// Sentence is what the screen showed (screens layer only).
	Sentence  string `json:"sentence,omitempty"`
	FailedTry bool   `json:"failed_try"` // measured: the try reached the throttle record
	Proof     string `json:"proof"`      // what was checked to show nothing was lost
}

// Recorder collects the rows of one layer's matrix test.
type Recorder struct {
	layer string
	mu    sync.Mutex
	rows  []Row
}

// NewRecorder starts the rows of layer.
func NewRecorder(layer string) *Recorder { return &Recorder{layer: layer} }

// Add records one row.
func (r *Recorder) Add(row Row) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rows = append(r.rows, row)
}

// Finish compares the rows with the stored ones, or stores them when
// UpdateEnv is set. When fewer than want rows were recorded (a -run
// filter, or failed cases) there is nothing whole to compare.
func (r *Recorder) Finish(t testing.TB, want int) {
	t.Helper()
	r.mu.Lock()
	rows := slices.Clone(r.rows)
	r.mu.Unlock()
	if len(rows) != want || t.Failed() {
		t.Logf("%d of %d matrix rows recorded; the stored table is neither compared nor updated", len(rows), want)
		return
	}
	path := File(r.layer)
	if os.Getenv(UpdateEnv) == "1" {
		b, err := json.MarshalIndent(rows, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d rows to %s", len(rows), path)
		return
	}
	stored, err := Load(r.layer)
	if err != nil {
		t.Fatalf("%v (run scripts/security-tables.sh)", err)
	}
	if d := Diff(stored, rows); d != "" {
		t.Errorf("the %s matrix differs from %s; if the change is right, run scripts/security-tables.sh and commit the result:\n%s", r.layer, path, d)
	}
}

// File is where the rows of layer are stored.
func File(layer string) string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "testdata", layer+".json")
}

// Load reads the stored rows of layer.
func Load(layer string) ([]Row, error) {
	b, err := os.ReadFile(File(layer))
	if err != nil {
		return nil, fmt.Errorf("stored %s matrix: %w", layer, err)
	}
	var rows []Row
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rows); err != nil {
		return nil, fmt.Errorf("stored %s matrix: %w", layer, err)
	}
	return rows, nil
}

// Diff names the rows that differ between two lists, matched by case.
func Diff(old, cur []Row) string {
	var b strings.Builder
	idx := map[string]Row{}
	for _, r := range old {
		idx[r.Case] = r
	}
	seen := map[string]bool{}
	for _, r := range cur {
		seen[r.Case] = true
		o, ok := idx[r.Case]
		switch {
		case !ok:
			fmt.Fprintf(&b, "  new row %q: %+v\n", r.Case, r)
		case o != r:
			fmt.Fprintf(&b, "  row %q:\n    stored %+v\n    now    %+v\n", r.Case, o, r)
		}
	}
	for _, r := range old {
		if !seen[r.Case] {
			fmt.Fprintf(&b, "  row %q is gone\n", r.Case)
		}
	}
	if b.Len() == 0 && len(old) == len(cur) {
		for i := range old {
			if old[i].Case != cur[i].Case {
				return "  rows in another order\n"
			}
		}
	}
	return b.String()
}
