package screens

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/internal/matrix"
)

const (
	toHome  = "window: Sparekey — Home"
	toEnrol = "window: Sparekey — Turn On Two-Factor Authentication"
)

// keyringDown makes go-keyring's mock fail with err; the fix brings the
// mock back with the account's item.
func keyringDown(name, input, want string, err error) smxCase {
	var item string
	return smxCase{Name: name, Group: matrix.GroupKeyring, Input: input, Want: want,
		Fault: func(t *testing.T, m *smx) {
			item, _ = keyring.Get("sparekey-test", m.id)
			keyring.MockInitWithError(err)
			t.Cleanup(keyring.MockInit) // whatever happens, later tests get a keyring
		},
		Act: func(t *testing.T, m *smx) string { return m.shown() },
		Fix: func(t *testing.T, m *smx) {
			keyring.MockInit()
			if err := keyring.Set("sparekey-test", m.id, item); err != nil {
				t.Fatal(err)
			}
		}}
}

// fileCases put the files of matrix.FileFaults in place of the vault
// file before the window opens, and sign in.
func fileCases() []smxCase {
	var cs []smxCase
	for _, f := range matrix.FileFaults {
		cs = append(cs, smxCase{Name: f.Case, Group: matrix.GroupFile, Input: f.Input, Want: f.Want,
			Fault: func(t *testing.T, m *smx) { matrix.Damage(t, m, f.Make(m.BeforeFile)) },
			Act:   func(t *testing.T, m *smx) string { return m.signIn(m.pw) },
			Fix:   matrix.PutBack[*smx]})
	}
	return cs
}

func screenMatrix() []smxCase {
	var item string
	cs := []smxCase{
		keyringDown("no-keyring", "no keyring service on the session bus", "vault.ErrNoKeyring",
			errors.New("The name org.freedesktop.secrets was not provided by any .service files")),
		keyringDown("keyring-locked", "keyring locked (Secret Service IsLocked)", "vault.ErrKeyringLocked",
			errors.New("org.freedesktop.Secret.Error.IsLocked: the collection is locked")),
		{Name: "keyring-item-missing", Group: matrix.GroupKeyring, Input: "the account's keyring item deleted", Want: "vault.ErrKeyringItemMissing",
			Fault: func(t *testing.T, m *smx) {
				item, _ = keyring.Get("sparekey-test", m.id)
				keyring.Delete("sparekey-test", m.id)
			},
			Act: func(t *testing.T, m *smx) string { return m.signIn(m.pw) },
			Fix: func(t *testing.T, m *smx) { keyring.Set("sparekey-test", m.id, item) }},
		{Name: "keyring-item-mismatch", Group: matrix.GroupKeyring, Input: "a keyring item of another device key", Want: "vault.ErrKeyringMismatch",
			Fault: func(t *testing.T, m *smx) {
				item, _ = keyring.Get("sparekey-test", m.id)
				other := make([]byte, 49) // a version-1 item: a fresh key, zero counters
				rand.Read(other[1:33])
				other[0] = 1
				keyring.Set("sparekey-test", m.id, base64.StdEncoding.EncodeToString(other))
			},
			Act: func(t *testing.T, m *smx) string { return m.signIn(m.pw) },
			Fix: func(t *testing.T, m *smx) { keyring.Set("sparekey-test", m.id, item) }},
		{Name: "file-rolled-back-password", Group: matrix.GroupFile, Input: "a copy of the vault file from before a password change", Want: "vault.ErrRolledBackPassword",
			Prep: func(t *testing.T, m *smx) {
				old := readAll(t, m.VaultPath())
				signedInByTOTP(t, m, func(a *app.App) {
					if err := a.ChangePassword(m.pw, m.pw+" two", m.pw+" two"); err != nil {
						t.Fatal(err)
					}
				})
				m.pw, m.Left = m.pw+" two", old
			},
			Fault: func(t *testing.T, m *smx) { matrix.Damage(t, m, m.Left) },
			Act:   func(t *testing.T, m *smx) string { return m.signIn(testPassword) },
			Fix:   matrix.PutBack[*smx]},
	}
	cs = append(cs, fileCases()...)
	cs = append(cs, []smxCase{
		{Name: "data-dir-read-only", Group: matrix.GroupStorage, Input: "data directory read-only (read-only mount, or mode 0500 when not root)", Want: "vault.ErrStorage (not writable)",
			Act: func(t *testing.T, m *smx) string {
				defer matrix.Unwritable(t, m.dir)()
				return m.signIn(m.pw)
			}},
		{Name: "disk-full", Group: matrix.GroupStorage, Input: "disk full at a backup-code sign-in (a full 256 KiB tmpfs where mounting works, else the write seam)", Want: "vault.ErrStorage (disk full)",
			Dir: func(t *testing.T) (string, bool) { return matrix.Tmpfs(t, 256<<10) },
			Act: func(t *testing.T, m *smx) string {
				m.signIn(m.pw)
				s := screenAs[*secondFactorScreen](m.h)
				defer matrix.DiskFull(t, m.dir, m.Tmpfs)()
				m.put(s.code, m.cur.Codes[3].Text)
				m.h.enter(s.code)
				return m.shown()
			}},
		{Name: "another-instance", Group: matrix.GroupDesign, Input: "a second Sparekey opens the same data directory", Want: "vault.ErrAnotherInstance",
			Act: func(t *testing.T, m *smx) string {
				second := &smx{h: newHarness(t, m.dir, m.clk)}
				defer second.h.ui.Close()
				return second.shown()
			}},
		{Name: "wrong-password", Group: matrix.GroupDesign, Input: "wrong password", Want: "vault.ErrWrongPassword", Try: true,
			Act: func(t *testing.T, m *smx) string { return m.signIn("not the password") }},
		{Name: "wrong-code", Group: matrix.GroupDesign, Input: "wrong 6-digit code", Want: "vault.ErrWrongCode", Try: true,
			Act: func(t *testing.T, m *smx) string { return m.second(wrongSixDigits(m)) }},
		{Name: "backup-code-typo", Group: matrix.GroupDesign, Input: "backup code with two symbols swapped", Want: "vault.ErrTypo",
			Act: func(t *testing.T, m *smx) string { return m.second(matrix.Swapped(m.cur.Codes[1].Text)) }},
		{Name: "backup-code-used", Group: matrix.GroupDesign, Input: "backup code already used", Want: "vault.ErrCodeUsed", Try: true,
			Act: func(t *testing.T, m *smx) string { return m.second(m.cur.Codes[0].Text) }},
		{Name: "backup-code-replaced", Group: matrix.GroupDesign, Input: "backup code from a replaced set", Want: "vault.ErrCodeReplaced", Try: true,
			Act: func(t *testing.T, m *smx) string { return m.second(m.old.Codes[3].Text) }},
		{Name: "totp-just-used", Group: matrix.GroupDesign, Input: "the authenticator code that was just accepted, again", Want: "vault.ErrTOTPJustUsed",
			Prep: func(t *testing.T, m *smx) { signedInByTOTP(t, m, nil) },
			Act:  func(t *testing.T, m *smx) string { return m.second(m.code(0)) }},
		{Name: "clock-gone-back", Group: matrix.GroupDesign, Input: "authenticator code after the clock went back 2 minutes", Want: "vault.ErrClockBehind",
			Prep: func(t *testing.T, m *smx) { signedInByTOTP(t, m, nil) },
			Act: func(t *testing.T, m *smx) string {
				m.clk.Advance(-2 * time.Minute)
				return m.second(m.code(0))
			},
			Fix: func(t *testing.T, m *smx) { m.clk.Advance(2 * time.Minute) }},
		{Name: "locked-out", Group: matrix.GroupDesign, Input: "the right password after 5 wrong ones", Want: "vault.ErrLockedOut",
			Sentence: LockoutMessage(app.FirstLockout),
			Prep: func(t *testing.T, m *smx) {
				a := m.app(t)
				defer a.Close()
				for range app.FreeTries + 1 {
					m.clk.Advance(time.Second)
					a.SignIn(m.id, "not the password")
				}
			},
			Act: func(t *testing.T, m *smx) string {
				m.Proved = append(m.Proved, "Sign In disabled while the wait counts down")
				return m.signIn(m.pw)
			}},
		{Name: "passwords-differ", Group: matrix.GroupDesign, Input: "a new account's password and its repetition differ", Want: "app.ErrPasswordsDiffer",
			Act: func(t *testing.T, m *smx) string { return m.create("Sparekey", "bob", testPassword, testPassword+"!") }},
		{Name: "new-password-empty", Group: matrix.GroupSize, Input: "empty password for a new account", Want: "vault.ErrPasswordShort",
			Act: func(t *testing.T, m *smx) string { return m.create("Sparekey", "bob", "", "") }},
		{Name: "new-password-10kb", Group: matrix.GroupSize, Input: "10 kB password for a new account", Want: "vault.ErrPasswordLong",
			Act: func(t *testing.T, m *smx) string {
				p := strings.Repeat("x", matrix.TenKB)
				return m.create("Sparekey", "bob", p, p)
			}},
	}...)
	return append(cs, screenVariantCases()...)
}

// signedInByTOTP signs in with the authenticator's current code, through
// the app, so that its step is used, and then runs then (when set).
func signedInByTOTP(t *testing.T, m *smx, then func(*app.App)) {
	m.clk.Advance(30 * time.Second)
	a := m.app(t)
	defer a.Close()
	keep(a.SignIn(m.id, m.pw))
	keep(a.VerifySecondFactor(m.code(0)))
	if then != nil {
		then(a)
	}
}
