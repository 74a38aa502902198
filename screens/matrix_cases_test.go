package screens

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/internal/atomicfile"
	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/vault"
)

const (
	toHome  = "window: Sparekey — Home"
	toEnrol = "window: Sparekey — Turn On Two-Factor Authentication"
)

// keyringDown makes go-keyring's mock fail with err; the fix brings the
// mock back with the account's item.
func keyringDown(name, input, want string, err error) smxCase {
	var item string
	return smxCase{name: name, group: matrix.GroupKeyring, input: input, want: want,
		fault: func(t *testing.T, m *smx) {
			item, _ = keyring.Get("sparekey-test", m.id)
			keyring.MockInitWithError(err)
			t.Cleanup(keyring.MockInit) // whatever happens, later tests get a keyring
		},
		act: func(t *testing.T, m *smx) string { return m.shown() },
		fix: func(t *testing.T, m *smx) {
			keyring.MockInit()
			if err := keyring.Set("sparekey-test", m.id, item); err != nil {
				t.Fatal(err)
			}
		}}
}

// broken puts b in place of the vault file before the window opens.
func broken(name, input, want string, b func([]byte) []byte) smxCase {
	return smxCase{name: name, group: matrix.GroupFile, input: input, want: want,
		fault: func(t *testing.T, m *smx) { m.damage(t, b(m.beforeFile)) },
		act:   func(t *testing.T, m *smx) string { return m.signIn(m.pw) },
		fix:   putBackVault}
}

func screenMatrix() []smxCase {
	var item string
	cs := []smxCase{
		keyringDown("no-keyring", "no keyring service on the session bus", "vault.ErrNoKeyring",
			errors.New("The name org.freedesktop.secrets was not provided by any .service files")),
		keyringDown("keyring-locked", "keyring locked (Secret Service IsLocked)", "vault.ErrKeyringLocked",
			errors.New("org.freedesktop.Secret.Error.IsLocked: the collection is locked")),
		{name: "keyring-item-missing", group: matrix.GroupKeyring, input: "the account's keyring item deleted", want: "vault.ErrKeyringItemMissing",
			fault: func(t *testing.T, m *smx) {
				item, _ = keyring.Get("sparekey-test", m.id)
				keyring.Delete("sparekey-test", m.id)
			},
			act: func(t *testing.T, m *smx) string { return m.signIn(m.pw) },
			fix: func(t *testing.T, m *smx) { keyring.Set("sparekey-test", m.id, item) }},
		{name: "keyring-item-mismatch", group: matrix.GroupKeyring, input: "a keyring item of another device key", want: "vault.ErrKeyringMismatch",
			fault: func(t *testing.T, m *smx) {
				item, _ = keyring.Get("sparekey-test", m.id)
				other := make([]byte, 49) // a version-1 item: a fresh key, zero counters
				rand.Read(other[1:33])
				other[0] = 1
				keyring.Set("sparekey-test", m.id, base64.StdEncoding.EncodeToString(other))
			},
			act: func(t *testing.T, m *smx) string { return m.signIn(m.pw) },
			fix: func(t *testing.T, m *smx) { keyring.Set("sparekey-test", m.id, item) }},
		{name: "file-rolled-back-password", group: matrix.GroupFile, input: "a copy of the vault file from before a password change", want: "vault.ErrRolledBackPassword",
			prep: func(t *testing.T, m *smx) {
				old := readAll(t, m.vaultPath())
				signedInByTOTP(t, m, func(a *app.App) {
					if err := a.ChangePassword(m.pw, m.pw+" two", m.pw+" two"); err != nil {
						t.Fatal(err)
					}
				})
				m.pw, m.left = m.pw+" two", old
			},
			fault: func(t *testing.T, m *smx) { m.damage(t, m.left) },
			act:   func(t *testing.T, m *smx) string { return m.signIn(testPassword) },
			fix:   putBackVault},
		broken("file-bit-flipped", "vault file with one bit of the encrypted body flipped", "vault.ErrDamaged",
			func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-1] ^= 1; return c }),
		broken("file-header-bit-flipped", "vault file with one bit of the plain header flipped", "vault.ErrKeyringMismatch",
			func(b []byte) []byte {
				c := bytes.Clone(b)
				c[bytes.Index(c, []byte(`"site":"`))+len(`"site":"`)] ^= 1
				return c
			}),
		broken("file-truncated", "vault file cut to half its length", "vault.ErrDamaged", func(b []byte) []byte { return b[:len(b)/2] }),
		broken("file-zero-length", "vault file of zero bytes", "vault.ErrDamaged", func([]byte) []byte { return []byte{} }),
		broken("file-foreign-format", "a PNG image in place of the vault file", "vault.ErrDamaged",
			func([]byte) []byte {
				return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 200)...)
			}),
		broken("file-newer-version", "vault file of format version 3 (this build writes 2)", "vault.ErrNewerVersion",
			func(b []byte) []byte {
				c := bytes.Clone(b)
				binary.BigEndian.PutUint16(c[8:10], vault.FormatVersion+1)
				return c
			}),
		{name: "data-dir-read-only", group: matrix.GroupStorage, input: "data directory read-only (read-only mount, or mode 0500 when not root)", want: "vault.ErrStorage (not writable)",
			act: func(t *testing.T, m *smx) string {
				defer unwritable(t, m.dir)()
				return m.signIn(m.pw)
			}},
		{name: "disk-full", group: matrix.GroupStorage, input: "disk full at a backup-code sign-in (a full 256 KiB tmpfs where mounting works, else the write seam)", want: "vault.ErrStorage (disk full)",
			dir: func(t *testing.T) (string, bool) { return matrix.Tmpfs(t, 256<<10) },
			act: func(t *testing.T, m *smx) string {
				m.signIn(m.pw)
				s := screenAs[*secondFactorScreen](m.h)
				var free func()
				if m.tmpfs {
					free = matrix.Fill(t, m.dir)
				} else {
					old := atomicfile.TestHookWrite
					atomicfile.TestHookWrite = func(*os.File, []byte) (int, error) { return 0, syscall.ENOSPC }
					free = func() { atomicfile.TestHookWrite = old }
				}
				defer free()
				m.put(s.code, m.cur.Codes[3].Text)
				m.h.enter(s.code)
				return m.shown()
			}},
		{name: "another-instance", group: matrix.GroupDesign, input: "a second Sparekey opens the same data directory", want: "vault.ErrAnotherInstance",
			act: func(t *testing.T, m *smx) string {
				second := &smx{h: newHarness(t, m.dir, m.clk)}
				defer second.h.ui.Close()
				return second.shown()
			}},
		{name: "wrong-password", group: matrix.GroupDesign, input: "wrong password", want: "vault.ErrWrongPassword", try: true,
			act: func(t *testing.T, m *smx) string { return m.signIn("not the password") }},
		{name: "wrong-code", group: matrix.GroupDesign, input: "wrong 6-digit code", want: "vault.ErrWrongCode", try: true,
			act: func(t *testing.T, m *smx) string { return m.second(wrongSixDigits(m)) }},
		{name: "backup-code-typo", group: matrix.GroupDesign, input: "backup code with two symbols swapped", want: "vault.ErrTypo",
			act: func(t *testing.T, m *smx) string { return m.second(matrix.Swapped(m.cur.Codes[1].Text)) }},
		{name: "backup-code-used", group: matrix.GroupDesign, input: "backup code already used", want: "vault.ErrCodeUsed", try: true,
			act: func(t *testing.T, m *smx) string { return m.second(m.cur.Codes[0].Text) }},
		{name: "backup-code-replaced", group: matrix.GroupDesign, input: "backup code from a replaced set", want: "vault.ErrCodeReplaced", try: true,
			act: func(t *testing.T, m *smx) string { return m.second(m.old.Codes[3].Text) }},
		{name: "totp-just-used", group: matrix.GroupDesign, input: "the authenticator code that was just accepted, again", want: "vault.ErrTOTPJustUsed",
			prep: func(t *testing.T, m *smx) { signedInByTOTP(t, m, nil) },
			act:  func(t *testing.T, m *smx) string { return m.second(m.code(0)) }},
		{name: "clock-gone-back", group: matrix.GroupDesign, input: "authenticator code after the clock went back 2 minutes", want: "vault.ErrClockBehind",
			prep: func(t *testing.T, m *smx) { signedInByTOTP(t, m, nil) },
			act: func(t *testing.T, m *smx) string {
				m.clk.Advance(-2 * time.Minute)
				return m.second(m.code(0))
			},
			fix: func(t *testing.T, m *smx) { m.clk.Advance(2 * time.Minute) }},
		{name: "locked-out", group: matrix.GroupDesign, input: "the right password after 5 wrong ones", want: "vault.ErrLockedOut",
			sentence: LockoutMessage(vault.FirstLockout),
			prep: func(t *testing.T, m *smx) {
				a := m.app(t)
				defer a.Close()
				for range vault.FreeTries + 1 {
					m.clk.Advance(time.Second)
					a.SignIn(m.id, "not the password")
				}
			},
			act: func(t *testing.T, m *smx) string {
				m.proved = append(m.proved, "Sign In disabled while the wait counts down")
				return m.signIn(m.pw)
			}},
		{name: "passwords-differ", group: matrix.GroupDesign, input: "a new account's password and its repetition differ", want: "app.ErrPasswordsDiffer",
			act: func(t *testing.T, m *smx) string { return m.create("Sparekey", "bob", testPassword, testPassword+"!") }},
		{name: "new-password-empty", group: matrix.GroupSize, input: "empty password for a new account", want: "vault.ErrPasswordShort",
			act: func(t *testing.T, m *smx) string { return m.create("Sparekey", "bob", "", "") }},
		{name: "new-password-10kb", group: matrix.GroupSize, input: "10 kB password for a new account", want: "vault.ErrPasswordLong",
			act: func(t *testing.T, m *smx) string {
				p := strings.Repeat("x", matrix.TenKB)
				return m.create("Sparekey", "bob", p, p)
			}},
	}
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
