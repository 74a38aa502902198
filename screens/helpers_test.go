package screens

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/app/printing"
)

func TestMain(m *testing.M) {
	keyring.MockInit()
	// No session bus: printing and saving take their fallbacks (open the
	// PDF, Fyne's save dialog) instead of D-Bus-activating a real portal
	// whose dialog would wait for a person. The e2e tier drives the real
	// chain.
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sparekey-screens-test")
	time.Local = time.UTC // readable local times, but the same on every machine
	// The tests read English, whatever the machine's locale.
	setLanguage("en_US.UTF-8")
	os.Exit(withStandInCache(m.Run))
}

// withStandInCache runs the tests with HOME and XDG_CACHE_HOME pointing at
// a stand-in that holds a sheet in sparekey/print, and fails the run if
// the sheet is gone afterwards: whatever a test forgets to pass, the
// user's own cache is out of reach, and touching the stand-in is caught.
func withStandInCache(run func() int) int {
	home, err := os.MkdirTemp("", "sparekey-screens-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(home)
	os.Setenv("HOME", home)
	os.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	sentinel := filepath.Join(home, ".cache", "sparekey", "print", "sentinel.pdf")
	err = os.MkdirAll(filepath.Dir(sentinel), 0o700)
	if err == nil {
		err = os.WriteFile(sentinel, []byte("%PDF-1.4\n"), 0o600)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := run()
	if _, err := os.Stat(sentinel); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: a test emptied the user's cache of opened PDFs (%v)\n", err)
		return 1
	}
	return code
}

const (
	testUser     = "alice"
	testPassword = "correct horse battery"
)

// fakeClock is the clock the app layer runs on in tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 14, 9, 26, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is one Sparekey window over a data directory.
type harness struct {
	t   *testing.T
	dir string
	clk *fakeClock
	w   fyne.Window
	ui  *UI

	mu       sync.Mutex
	calls    []string
	onUIHits []string

	// print stands in for the system's print dialog when set; otherwise
	// the real one runs, which without a session bus has no dialog.
	print func(context.Context, printing.Job) (printing.Outcome, error)
}

// newHarness starts the UI over dir (a new temp dir when empty) with the
// real app layer, go-keyring's mock and a cheap KDF.
func newHarness(t *testing.T, dir string, clk *fakeClock) *harness {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
		test.NewTempApp(t)
	}
	if clk == nil {
		clk = newFakeClock()
	}
	h := &harness{t: t, dir: dir, clk: clk}
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(640, 600))
	h.ui = newUI(h.w, h.config(), make(chan func(), 16))
	h.ui.Wait()
	t.Cleanup(h.close)
	return h
}

func (h *harness) config() app.Config {
	return app.Config{
		DataDir:        h.dir,
		Now:            h.clk.Now,
		Keyring:        app.SystemKeyring{},
		KeyringService: "sparekey-test",
		KDF:            app.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1},
		OpenDir:        h.t.TempDir(), // never the user's cache: the app empties it
		BlockingCall:   h.blockingCall,
		Print: func(ctx context.Context, job printing.Job) (printing.Outcome, error) {
			if h.print != nil {
				return h.print(ctx, job)
			}
			return printing.PrintOutcome(ctx, job)
		},
	}
}

// blockingCall proves that the app's blocking methods run off the UI
// goroutine. It reads the calling goroutine's own stack: the call must come
// from a goroutine started by asyncWorker, and not from inside a fyne.Do
// callback (onUI), which the test driver runs on the calling goroutine.
// With the real driver, taps and fyne.Do callbacks run on the main
// goroutine, whose stack never has asyncWorker, so the same check holds.
func (h *harness) blockingCall(op string) {
	buf := make([]byte, 1<<16)
	st := string(buf[:runtime.Stack(buf, false)])
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, op)
	if !strings.Contains(st, "screens.asyncWorker") || strings.Contains(st, "screens.onUI(") {
		h.onUIHits = append(h.onUIHits, op)
	}
}

func (h *harness) close() {
	h.ui.Close()
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.onUIHits) > 0 {
		h.t.Errorf("blocking app calls on the UI goroutine: %v", h.onUIHits)
	}
}

// reopen closes this window's App and starts a new UI over the same
// directory, as a restart would.
func (h *harness) reopen() *harness {
	h.ui.Close()
	return newHarness(h.t, h.dir, h.clk)
}

func (h *harness) title() string { return h.w.Title() }

func (h *harness) wantTitle(name string) {
	h.t.Helper()
	if got, want := h.title(), "Sparekey — "+name; got != want {
		h.t.Fatalf("window title %q, want %q", got, want)
	}
}

func (h *harness) tap(b *widget.Button) {
	h.t.Helper()
	if b.Disabled() {
		h.t.Fatalf("button %q is disabled", b.Text)
	}
	test.Tap(b)
	h.ui.Wait()
	h.noAnimation()
}

// typeIn focuses e through the window, as a click or Tab would (test.Type
// alone tells only e, which the window would not know), and types s.
func (h *harness) typeIn(e *entry, s string) {
	e.SetText("")
	h.w.Canvas().Focus(e)
	test.Type(e, s)
}

// enter presses Enter in e.
func (h *harness) enter(e *entry) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.ui.Wait()
	h.noAnimation()
}

func screenAs[T screen](h *harness) T {
	h.t.Helper()
	s, ok := h.ui.cur.(T)
	if !ok {
		h.t.Fatalf("screen is %T (%q)", h.ui.cur, h.title())
	}
	return s
}

func shown(o fyne.CanvasObject) bool { return o.Visible() }

// Short names for the errors whose sentences the tests expect.
var (
	errWrongPassword = app.ErrWrongPassword
	errWrongCode     = app.ErrWrongCode
	errMalformed     = app.ErrMalformedCode
	errTypo          = app.ErrTypo
	errTOTPJustUsed  = app.ErrTOTPJustUsed
	errCodeUsed      = app.ErrCodeUsed
	errCodeReplaced  = app.ErrCodeReplaced
	fyneKeyEscape    = fyne.KeyEvent{Name: fyne.KeyEscape}
)
