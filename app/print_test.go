package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/vault"
)

// TestPrintCodes prints through a stand-in for the system's dialog: the
// job holds the unused codes; a job printed to a file gives its path
// back and says so in the log; a cancelled one is not logged.
func TestPrintCodes(t *testing.T) {
	c := newClock()
	var (
		out  printing.Outcome
		err  error
		jobs []printing.Job
	)
	a, err0 := app.Open(app.Config{
		DataDir: t.TempDir(), Now: c.now, Keyring: vault.SystemKeyring{}, KeyringService: "sparekey-test",
		KDF: vault.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}, OpenDir: t.TempDir(),
		Print: func(_ context.Context, job printing.Job) (printing.Outcome, error) {
			jobs = append(jobs, job)
			return out, err
		},
	})
	noErr(t, err0)
	t.Cleanup(func() { a.Close() })
	setUp(t, a, c)
	set := must(a.ShowBackupCodes())

	file, perr := a.PrintCodes(context.Background())
	if perr != nil || file != "" {
		t.Fatalf("PrintCodes to a printer = %q, %v; want \"\", nil", file, perr)
	}
	if len(jobs) != 1 || len(jobs[0].PDF) == 0 {
		t.Fatalf("%d jobs, want one with a PDF", len(jobs))
	}
	for _, c := range set.Active() {
		if !slices.ContainsFunc(jobs[0].Lines, func(l string) bool { return strings.HasSuffix(l, " "+c) }) {
			t.Fatalf("the job's lines %q lack the code %s", jobs[0].Lines, c)
		}
	}
	if ev := must(a.Activity())[0]; ev.Kind != vault.EventCodesPrinted || ev.Detail != "" {
		t.Fatalf("newest event %+v, want codes-printed without detail", ev)
	}

	out = printing.Outcome{File: "/home/alice/Documents/output.pdf"}
	if file, perr = a.PrintCodes(context.Background()); perr != nil || file != out.File {
		t.Fatalf("PrintCodes to a file = %q, %v; want %q", file, perr, out.File)
	}
	if ev := must(a.Activity())[0]; ev.Kind != vault.EventCodesPrinted || ev.Detail != "to a PDF file" {
		t.Fatalf("newest event %+v, want codes-printed to a PDF file", ev)
	}

	n := len(must(a.Activity()))
	out, err = printing.Outcome{}, app.ErrPrintCancelled
	if _, perr = a.PrintCodes(context.Background()); !errors.Is(perr, app.ErrPrintCancelled) {
		t.Fatalf("cancelled PrintCodes = %v", perr)
	}
	if got := len(must(a.Activity())); got != n {
		t.Fatalf("a cancelled print was logged (%d events, was %d)", got, n)
	}
}
