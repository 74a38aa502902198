package screens

import (
	"os"
	"path/filepath"
	"testing"
)

// TestUserCacheUntouched: the screens' tests run the real app layer, which
// empties the folder for PDFs opened in a viewer at start and at sign-out.
// That folder must be the test's own, never the user's cache: with HOME
// and XDG_CACHE_HOME pointing at a stand-in holding a sheet, a whole
// session (start, setup, sign-out, quit) leaves the sheet where it is.
func TestUserCacheUntouched(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	cache, err := os.UserCacheDir()
	if err != nil || cache != filepath.Join(home, ".cache") {
		t.Fatalf("os.UserCacheDir = %q, %v", cache, err)
	}
	sentinel := filepath.Join(cache, "sparekey", "print", "the user's own sheet.pdf")
	if err := os.MkdirAll(filepath.Dir(sentinel), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sentinel, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.signOut()
	h.ui.Close()
	h.ui.Wait()

	if _, err := os.Stat(sentinel); err != nil {
		t.Fatalf("the user's cache was touched: %v", err)
	}
}
