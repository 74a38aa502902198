package screens

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/sparekey/sparekey/app"
)

func TestKeyringScreen(t *testing.T) {
	// go-keyring's mock failing the way go-keyring fails with no Secret
	// Service on the session bus.
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	h := newHarness(t, "", nil)
	h.wantTitle("Keyring")
	s := screenAs[*keyringScreen](h)
	for _, want := range []string{"GNOME Keyring", "KWallet", "KeePassXC", "Secret Service", "Retry"} {
		if !strings.Contains(s.explain.Text, want) {
			t.Errorf("explanation %q lacks %q", s.explain.Text, want)
		}
	}
	test.AssertRendersToMarkup(t, "keyring.xml", h.w.Canvas())

	keyring.MockInit()
	h.tap(s.retry)
	h.wantTitle("Create Account")
}

func TestAnotherInstance(t *testing.T) {
	first := newHarness(t, "", nil)
	first.wantTitle("Create Account")
	before := dirListing(t, first.dir)

	second := newHarness(t, first.dir, first.clk)
	second.wantTitle("Already running")
	if s := screenAs[*instanceScreen](second); !strings.Contains(s.explain.Text, "already running") {
		t.Fatalf("explanation %q", s.explain.Text)
	}
	if second.ui.App() != nil {
		t.Fatal("the second window got an App")
	}
	if after := dirListing(t, first.dir); after != before {
		t.Fatalf("data directory changed: %q -> %q", before, after)
	}
}

func dirListing(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		fi, _ := e.Info()
		names = append(names, filepath.Join(e.Name(), fi.ModTime().String()))
	}
	return strings.Join(names, ",")
}

func TestBlockingCallsOffUIGoroutine(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.signOut()
	h.mu.Lock()
	calls := strings.Join(h.calls, ",")
	h.mu.Unlock()
	for _, op := range []string{"CheckKeyring", "Accounts", "CreateAccount", "BeginEnrolment", "ConfirmEnrolment", "AcknowledgeCodes"} {
		if !strings.Contains(calls, op) {
			t.Errorf("%s was never called (calls: %s)", op, calls)
		}
	}
	// The check itself must catch a call made on the UI goroutine.
	probe := &harness{t: t}
	onUI(func() { probe.blockingCall("direct") })
	h.ui.async(func() {}, func() { probe.blockingCall("inside fyne.Do") })
	h.ui.Wait()
	h.ui.async(func() { probe.blockingCall("worker") }, func() {})
	h.ui.Wait()
	if got := strings.Join(probe.onUIHits, ","); got != "direct,inside fyne.Do" {
		t.Fatalf("check flagged %q, want direct and inside fyne.Do only", got)
	}
}

// silentKeyring never answers until it is released, like a Secret Service
// stuck behind an unlock prompt nobody sees.
type silentKeyring struct{ release chan struct{} }

func (k silentKeyring) Get(string, string) (string, error) {
	<-k.release
	return "", keyring.ErrNotFound
}

func (k silentKeyring) Set(string, string, string) error { <-k.release; return nil }
func (k silentKeyring) Delete(string, string) error      { <-k.release; return nil }

// TestKeyringNoAnswer: a keyring that does not answer within the bound
// gets the keyring screen with a sentence of its own (not the locked
// one), and Retry reaches the first screen once the keyring answers.
func TestKeyringNoAnswer(t *testing.T) {
	test.NewTempApp(t)
	h := &harness{t: t, dir: t.TempDir(), clk: newFakeClock()}
	kr := silentKeyring{release: make(chan struct{})}
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	cfg := h.config()
	cfg.Keyring, cfg.KeyringTimeout = kr, 50*time.Millisecond
	h.ui = newUI(h.w, cfg, make(chan func(), 16))
	t.Cleanup(h.close)
	h.ui.Wait()
	h.wantTitle("Keyring")
	s := screenAs[*keyringScreen](h)
	if want := Message(app.ErrKeyringNoAnswer); s.explain.Text != want {
		t.Fatalf("the keyring screen says %q, want %q", s.explain.Text, want)
	}
	if s.explain.Text == Message(app.ErrKeyringLocked) {
		t.Fatal("a keyring that does not answer reads as a locked one")
	}
	close(kr.release) // the keyring answers from now on
	h.tap(s.retry)
	h.wantTitle("Create Account")
}
