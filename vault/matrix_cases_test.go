package vault_test

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/vault"
)

const g6 = matrix.GroupDesign

// vaultMatrix lists the cases: DESIGN §6, then the inputs of issue 10.
func vaultMatrix() []mxCase {
	cs := []mxCase{
		{name: "no-keyring", group: matrix.GroupKeyring, input: "no keyring service on the session bus", want: "vault.ErrNoKeyring",
			act: func(t *testing.T, m *mx) error {
				m.kr.err = dbusError{}
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: func(t *testing.T, m *mx) { m.kr.err = nil }},
		{name: "keyring-locked", group: matrix.GroupKeyring, input: "keyring locked (Secret Service IsLocked)", want: "vault.ErrKeyringLocked",
			act: func(t *testing.T, m *mx) error {
				m.kr.err = errors.New("org.freedesktop.Secret.Error.IsLocked: the collection is locked")
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: func(t *testing.T, m *mx) { m.kr.err = nil }},
		{name: "keyring-item-missing", group: matrix.GroupKeyring, input: "the account's keyring item deleted", want: "vault.ErrKeyringItemMissing",
			act: func(t *testing.T, m *mx) error {
				if err := m.kr.Delete(testService, m.id); err != nil {
					t.Fatal(err)
				}
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: func(t *testing.T, m *mx) { m.kr.set(itemKey(m.id), m.before.item) }},
		{name: "keyring-item-mismatch", group: matrix.GroupKeyring, input: "a keyring item of another device key", want: "vault.ErrKeyringMismatch",
			act: func(t *testing.T, m *mx) error {
				m.kr.set(itemKey(m.id), randomItem())
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: func(t *testing.T, m *mx) { m.kr.set(itemKey(m.id), m.before.item) }},

		{name: "file-bit-flipped", group: matrix.GroupFile, input: "vault file with one bit of the encrypted body flipped", want: "vault.ErrDamaged",
			act: func(t *testing.T, m *mx) error {
				b := m.before.file
				m.damage(t, append(b[:len(b)-1:len(b)-1], b[len(b)-1]^1))
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: putBack},
		{name: "file-header-bit-flipped", group: matrix.GroupFile, input: "vault file with one bit of the plain header flipped", want: "vault.ErrKeyringMismatch",
			act: func(t *testing.T, m *mx) error {
				b := m.before.file
				i := strings.Index(string(b), `"site":"`) + len(`"site":"`)
				m.damage(t, flipBit(b, i))
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: putBack},
		{name: "file-truncated", group: matrix.GroupFile, input: "vault file cut to half its length", want: "vault.ErrDamaged",
			act: func(t *testing.T, m *mx) error {
				m.damage(t, m.before.file[:len(m.before.file)/2])
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: putBack},
		{name: "file-zero-length", group: matrix.GroupFile, input: "vault file of zero bytes", want: "vault.ErrDamaged",
			act: func(t *testing.T, m *mx) error {
				m.damage(t, []byte{})
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: putBack},
		{name: "file-foreign-format", group: matrix.GroupFile, input: "a PNG image in place of the vault file", want: "vault.ErrDamaged",
			act: func(t *testing.T, m *mx) error {
				m.damage(t, append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 200)...))
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: putBack},
		{name: "file-newer-version", group: matrix.GroupFile, input: "vault file of format version 3 (this build writes 2)", want: "vault.ErrNewerVersion",
			act: func(t *testing.T, m *mx) error {
				b := []byte(string(m.before.file))
				binary.BigEndian.PutUint16(b[8:10], vault.FormatVersion+1)
				m.damage(t, b)
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: putBack},
		{name: "file-older-copy", group: matrix.GroupFile, input: "an older copy of the vault file put back (a backup restored)", want: matrix.Accepted, oldCopy: true,
			prep: func(t *testing.T, m *mx) {
				m.left = readFile(t, m.vaultPath(m.id))
				m.backupSignIn(t, 2)
			},
			act: func(t *testing.T, m *mx) error {
				m.damage(t, m.left)
				_, err := m.store.Unlock(m.id, m.pw)
				m.proved = append(m.proved, "opens with the keyring's state: the code spent after the copy was made stays spent")
				return err
			}},
		{name: "file-rolled-back-password", group: matrix.GroupFile, input: "a copy of the vault file from before a password change", want: "vault.ErrRolledBackPassword",
			prep: func(t *testing.T, m *mx) {
				m.left = readFile(t, m.vaultPath(m.id))
				a := m.signInAfter(t)
				if err := a.ChangePassword(m.pw, pw+" two"); err != nil {
					t.Fatal(err)
				}
				m.pw = pw + " two"
			},
			act: func(t *testing.T, m *mx) error {
				m.damage(t, m.left)
				_, err := m.store.Unlock(m.id, pw)
				return err
			},
			fix: putBack},
		{name: "file-rolled-back-authenticator", group: matrix.GroupFile, input: "a copy of the vault file from before an authenticator reset", want: "vault.ErrRolledBackAuthenticator",
			prep: func(t *testing.T, m *mx) {
				m.left = readFile(t, m.vaultPath(m.id))
				a := m.signInAfter(t)
				en, err := a.BeginEnrolment()
				if err != nil {
					t.Fatal(err)
				}
				m.clk.advance(30 * time.Second)
				if err := a.ConfirmEnrolment(code(t, en.Secret, m.clk.now())); err != nil {
					t.Fatal(err)
				}
				m.secret = en.Secret
			},
			act: func(t *testing.T, m *mx) error {
				m.damage(t, m.left)
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			fix: putBack},

		{name: "data-dir-read-only", group: matrix.GroupStorage, input: "data directory read-only (read-only mount, or mode 0500 when not root)", want: "vault.ErrStorage (not writable)",
			act: func(t *testing.T, m *mx) error {
				restore := m.readOnly(t)
				_, err := m.store.Unlock(m.id, m.pw)
				restore()
				return err
			}},
		{name: "disk-full", group: matrix.GroupStorage, input: "disk full at a backup-code sign-in (a full 256 KiB tmpfs where mounting works, else the write seam)", want: "vault.ErrStorage (disk full)",
			dir: func(t *testing.T) (string, bool) { return matrix.Tmpfs(t, 256<<10) },
			act: func(t *testing.T, m *mx) error {
				a, err := m.store.Unlock(m.id, m.pw)
				if err != nil {
					t.Fatal(err)
				}
				var free func()
				if m.tmpfs {
					free = matrix.Fill(t, m.dir)
				} else {
					free = failVaultWrites(true)
				}
				_, err = a.VerifySecondFactor(m.cur.Codes[3].Text)
				free()
				return err
			}},
		{name: "disk-full-mid-write", group: matrix.GroupStorage, input: "disk fills half-way through writing the vault file (write seam)", want: "vault.ErrStorage (disk full)",
			act: func(t *testing.T, m *mx) error {
				a, err := m.store.Unlock(m.id, m.pw)
				if err != nil {
					t.Fatal(err)
				}
				restore := midWrite()
				_, err = a.VerifySecondFactor(m.cur.Codes[5].Text)
				restore()
				return err
			}},
		{name: "another-instance", group: g6, input: "a second Sparekey opens the same data directory", want: "vault.ErrAnotherInstance",
			act: func(t *testing.T, m *mx) error {
				before := m.state(t)
				_, err := openStore(t, m.dir, m.kr, m.clk, nil)
				if ch := before.changes(m.state(t)); len(ch) > 0 {
					t.Errorf("the second instance changed %v", ch)
				}
				m.proved = append(m.proved, "no file or keyring item touched")
				return err
			}},

		{name: "wrong-password", group: g6, input: "wrong password", want: "vault.ErrWrongPassword", try: true,
			act: func(t *testing.T, m *mx) error { _, err := m.store.Unlock(m.id, badPassword); return err }},
		{name: "wrong-code", group: g6, input: "wrong 6-digit code", want: "vault.ErrWrongCode", try: true,
			act: func(t *testing.T, m *mx) error { return m.second(wrongCode(t, m.secret, m.clk.now())) }},
		{name: "backup-code-typo", group: g6, input: "backup code with two symbols swapped", want: "vault.ErrTypo",
			act: func(t *testing.T, m *mx) error { return m.second(matrix.Swapped(m.cur.Codes[1].Text)) }},
		{name: "backup-code-used", group: g6, input: "backup code already used", want: "vault.ErrCodeUsed", try: true,
			act: func(t *testing.T, m *mx) error { return m.second(m.cur.Codes[0].Text) }},
		{name: "backup-code-replaced", group: g6, input: "backup code from a replaced set", want: "vault.ErrCodeReplaced", try: true,
			act: func(t *testing.T, m *mx) error { return m.second(m.old.Codes[3].Text) }},
		{name: "totp-just-used", group: g6, input: "the authenticator code that was just accepted, again", want: "vault.ErrTOTPJustUsed",
			prep: func(t *testing.T, m *mx) { m.signInAfter(t) },
			act:  func(t *testing.T, m *mx) error { return m.second(code(t, m.secret, m.clk.now())) }},
		{name: "clock-gone-back", group: g6, input: "authenticator code after the clock went back 2 minutes", want: "vault.ErrClockBehind",
			prep: func(t *testing.T, m *mx) { m.signInAfter(t) },
			act: func(t *testing.T, m *mx) error {
				m.clk.advance(-2 * time.Minute)
				return m.second(code(t, m.secret, m.clk.now()))
			},
			fix: func(t *testing.T, m *mx) { m.clk.advance(2 * time.Minute) }},
		{name: "locked-out", group: g6, input: "the right password after 5 wrong ones", want: "vault.ErrLockedOut",
			prep: func(t *testing.T, m *mx) {
				if err := m.failPasswords(t, m.id, vault.FreeTries+1); !errors.Is(err, vault.ErrWrongPassword) {
					t.Fatal(err)
				}
			},
			act: func(t *testing.T, m *mx) error {
				_, err := m.store.Unlock(m.id, m.pw)
				if w := lockedOut(t, err); w != vault.FirstLockout {
					t.Errorf("wait %v, want %v", w, vault.FirstLockout)
				}
				m.proved = append(m.proved, "the wait is 30 s")
				return err
			}},
		{name: "new-password-empty", group: matrix.GroupSize, input: "empty password for a new account", want: "vault.ErrPasswordShort",
			act: func(t *testing.T, m *mx) error { return m.create(t, "Sparekey", "bob", "") }},
		{name: "new-password-10kb", group: matrix.GroupSize, input: "10 kB password for a new account", want: "vault.ErrPasswordLong",
			act: func(t *testing.T, m *mx) error {
				return m.create(t, "Sparekey", "bob", strings.Repeat("x", matrix.TenKB))
			}},
	}
	return append(cs, variantCases()...)
}

// variantCases are the inputs every layer shares (matrix.*Variants).
func variantCases() []mxCase {
	var cs []mxCase
	add := func(v matrix.Variant, act func(t *testing.T, m *mx) error) {
		cs = append(cs, mxCase{name: v.Case, group: v.Group, input: v.Input, want: v.Want, try: v.Try, act: act,
			changes: v.Want == matrix.Accepted})
	}
	for _, v := range matrix.BackupCodeVariants {
		add(v, func(t *testing.T, m *mx) error {
			err := m.second(v.Make(m.cur.Codes[4].Text))
			if err == nil {
				m.spent[4] = true
			}
			return err
		})
	}
	for _, v := range matrix.TOTPVariants {
		add(v, func(t *testing.T, m *mx) error {
			m.clk.advance(30 * time.Second)
			return m.second(v.Make(code(t, m.secret, m.clk.now())))
		})
	}
	for _, v := range matrix.CodeSizes {
		add(v, func(t *testing.T, m *mx) error { return m.second(v.Make("")) })
	}
	for i, v := range matrix.TOTPSteps {
		add(v, func(t *testing.T, m *mx) error {
			m.clk.advance(30 * time.Second)
			return m.second(code(t, m.secret, m.clk.now().Add(time.Duration(matrix.Steps[i])*30*time.Second)))
		})
	}
	for _, v := range matrix.PasswordSizes {
		add(v, func(t *testing.T, m *mx) error { _, err := m.store.Unlock(m.id, v.Make("")); return err })
	}
	for _, v := range matrix.UsernameVariants {
		add(v, func(t *testing.T, m *mx) error { return m.create(t, "Sparekey", v.Make(mxUser), pw) })
	}
	for _, v := range matrix.SiteVariants {
		add(v, func(t *testing.T, m *mx) error { return m.create(t, v.Make("Sparekey"), "bob", pw) })
	}
	for i := range cs {
		if strings.HasPrefix(cs[i].name, "username-") || strings.HasPrefix(cs[i].name, "site-") {
			cs[i].changes = false // another account's file: this one's stays as it was
		}
	}
	return cs
}

// create makes another account; when the vault takes the names, it is
// set up in full, to show it is an account of its own beside m's.
func (m *mx) create(t *testing.T, site, user, password string) error {
	a, err := m.store.Create(site, user, password)
	if err != nil {
		return err
	}
	en, err := a.BeginEnrolment()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ConfirmEnrolment(code(t, en.Secret, m.clk.now())); err != nil {
		t.Fatal(err)
	}
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatal(err)
	}
	infos, err := m.store.Accounts()
	if err != nil || len(infos) != 2 {
		t.Fatalf("accounts after a second one: %+v, %v", infos, err)
	}
	m.proved = append(m.proved, "set up as an account of its own beside the first")
	return nil
}

// flipBit returns a copy of b with the lowest bit of byte i inverted.
func flipBit(b []byte, i int) []byte {
	c := []byte(string(b))
	c[i] ^= 1
	return c
}
