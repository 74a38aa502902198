package vault_test

import (
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
		{Name: "no-keyring", Group: matrix.GroupKeyring, Input: "no keyring service on the session bus", Want: "vault.ErrNoKeyring",
			Act: func(t *testing.T, m *mx) error {
				m.kr.err = dbusError{}
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			Fix: func(t *testing.T, m *mx) { m.kr.err = nil }},
		{Name: "keyring-locked", Group: matrix.GroupKeyring, Input: "keyring locked (Secret Service IsLocked)", Want: "vault.ErrKeyringLocked",
			Act: func(t *testing.T, m *mx) error {
				m.kr.err = errors.New("org.freedesktop.Secret.Error.IsLocked: the collection is locked")
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			Fix: func(t *testing.T, m *mx) { m.kr.err = nil }},
		{Name: "keyring-item-missing", Group: matrix.GroupKeyring, Input: "the account's keyring item deleted", Want: "vault.ErrKeyringItemMissing",
			Act: func(t *testing.T, m *mx) error {
				if err := m.kr.Delete(testService, m.id); err != nil {
					t.Fatal(err)
				}
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			Fix: func(t *testing.T, m *mx) { m.kr.set(itemKey(m.id), m.item) }},
		{Name: "keyring-item-mismatch", Group: matrix.GroupKeyring, Input: "a keyring item of another device key", Want: "vault.ErrKeyringMismatch",
			Act: func(t *testing.T, m *mx) error {
				m.kr.set(itemKey(m.id), randomItem())
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			Fix: func(t *testing.T, m *mx) { m.kr.set(itemKey(m.id), m.item) }},
	}
	cs = append(cs, fileCases()...)
	cs = append(cs, []mxCase{
		{Name: "file-older-copy", Group: matrix.GroupFile, Input: "an older copy of the vault file put back (a backup restored)", Want: matrix.Accepted, OldCopy: true,
			Prep: func(t *testing.T, m *mx) {
				m.Left = readFile(t, m.vaultPath(m.id))
				m.backupSignIn(t, 2)
			},
			Act: func(t *testing.T, m *mx) error {
				matrix.Damage(t, m, m.Left)
				_, err := m.store.Unlock(m.id, m.pw)
				m.Proved = append(m.Proved, "opens with the keyring's state: the code spent after the copy was made stays spent")
				return err
			}},
		{Name: "file-rolled-back-password", Group: matrix.GroupFile, Input: "a copy of the vault file from before a password change", Want: "vault.ErrRolledBackPassword",
			Prep: func(t *testing.T, m *mx) {
				m.Left = readFile(t, m.vaultPath(m.id))
				a := m.signInAfter(t)
				if err := a.ChangePassword(m.pw, pw+" two"); err != nil {
					t.Fatal(err)
				}
				m.pw = pw + " two"
			},
			Act: func(t *testing.T, m *mx) error {
				matrix.Damage(t, m, m.Left)
				_, err := m.store.Unlock(m.id, pw)
				return err
			},
			Fix: matrix.PutBack[*mx]},
		{Name: "file-rolled-back-authenticator", Group: matrix.GroupFile, Input: "a copy of the vault file from before an authenticator reset", Want: "vault.ErrRolledBackAuthenticator",
			Prep: func(t *testing.T, m *mx) {
				m.Left = readFile(t, m.vaultPath(m.id))
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
			Act: func(t *testing.T, m *mx) error {
				matrix.Damage(t, m, m.Left)
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			Fix: matrix.PutBack[*mx]},

		{Name: "data-dir-read-only", Group: matrix.GroupStorage, Input: "data directory read-only (read-only mount, or mode 0500 when not root)", Want: "vault.ErrStorage (not writable)",
			Act: func(t *testing.T, m *mx) error {
				restore := matrix.Unwritable(t, m.dir)
				_, err := m.store.Unlock(m.id, m.pw)
				restore()
				return err
			}},
		{Name: "disk-full", Group: matrix.GroupStorage, Input: "disk full at a backup-code sign-in (a full 256 KiB tmpfs where mounting works, else the write seam)", Want: "vault.ErrStorage (disk full)",
			Dir: func(t *testing.T) (string, bool) { return matrix.Tmpfs(t, 256<<10) },
			Act: func(t *testing.T, m *mx) error {
				a, err := m.store.Unlock(m.id, m.pw)
				if err != nil {
					t.Fatal(err)
				}
				free := matrix.DiskFull(t, m.dir, m.Tmpfs)
				_, err = a.VerifySecondFactor(m.cur.Codes[3].Text)
				free()
				return err
			}},
		{Name: "disk-full-mid-write", Group: matrix.GroupStorage, Input: "disk fills half-way through writing the vault file (write seam)", Want: "vault.ErrStorage (disk full)",
			Act: func(t *testing.T, m *mx) error {
				a, err := m.store.Unlock(m.id, m.pw)
				if err != nil {
					t.Fatal(err)
				}
				restore := midWrite()
				_, err = a.VerifySecondFactor(m.cur.Codes[5].Text)
				restore()
				return err
			}},
		{Name: "another-instance", Group: g6, Input: "a second Sparekey opens the same data directory", Want: "vault.ErrAnotherInstance",
			Act: func(t *testing.T, m *mx) error {
				before := m.state(t)
				_, err := openStore(t, m.dir, m.kr, m.clk, nil)
				if ch := before.changes(m.state(t)); len(ch) > 0 {
					t.Errorf("the second instance changed %v", ch)
				}
				m.Proved = append(m.Proved, "no file or keyring item touched")
				return err
			}},

		{Name: "wrong-password", Group: g6, Input: "wrong password", Want: "vault.ErrWrongPassword", Try: true,
			Act: func(t *testing.T, m *mx) error { _, err := m.store.Unlock(m.id, badPassword); return err }},
		{Name: "wrong-code", Group: g6, Input: "wrong 6-digit code", Want: "vault.ErrWrongCode", Try: true,
			Act: func(t *testing.T, m *mx) error { return m.second(wrongCode(t, m.secret, m.clk.now())) }},
		{Name: "backup-code-typo", Group: g6, Input: "backup code with two symbols swapped", Want: "vault.ErrTypo",
			Act: func(t *testing.T, m *mx) error { return m.second(matrix.Swapped(m.cur.Codes[1].Text)) }},
		{Name: "backup-code-used", Group: g6, Input: "backup code already used", Want: "vault.ErrCodeUsed", Try: true,
			Act: func(t *testing.T, m *mx) error { return m.second(m.cur.Codes[0].Text) }},
		{Name: "backup-code-replaced", Group: g6, Input: "backup code from a replaced set", Want: "vault.ErrCodeReplaced", Try: true,
			Act: func(t *testing.T, m *mx) error { return m.second(m.old.Codes[3].Text) }},
		{Name: "totp-just-used", Group: g6, Input: "the authenticator code that was just accepted, again", Want: "vault.ErrTOTPJustUsed",
			Prep: func(t *testing.T, m *mx) { m.signInAfter(t) },
			Act:  func(t *testing.T, m *mx) error { return m.second(code(t, m.secret, m.clk.now())) }},
		{Name: "clock-gone-back", Group: g6, Input: "authenticator code after the clock went back 2 minutes", Want: "vault.ErrClockBehind",
			Prep: func(t *testing.T, m *mx) { m.signInAfter(t) },
			Act: func(t *testing.T, m *mx) error {
				m.clk.advance(-2 * time.Minute)
				return m.second(code(t, m.secret, m.clk.now()))
			},
			Fix: func(t *testing.T, m *mx) { m.clk.advance(2 * time.Minute) }},
		{Name: "locked-out", Group: g6, Input: "the right password after 5 wrong ones", Want: "vault.ErrLockedOut",
			Prep: func(t *testing.T, m *mx) {
				if err := m.failPasswords(t, m.id, vault.FreeTries+1); !errors.Is(err, vault.ErrWrongPassword) {
					t.Fatal(err)
				}
			},
			Act: func(t *testing.T, m *mx) error {
				_, err := m.store.Unlock(m.id, m.pw)
				if w := lockedOut(t, err); w != vault.FirstLockout {
					t.Errorf("wait %v, want %v", w, vault.FirstLockout)
				}
				m.Proved = append(m.Proved, "the wait is 30 s")
				return err
			}},
		{Name: "new-password-empty", Group: matrix.GroupSize, Input: "empty password for a new account", Want: "vault.ErrPasswordShort",
			Act: func(t *testing.T, m *mx) error { return m.create(t, "Sparekey", "bob", "") }},
		{Name: "new-password-10kb", Group: matrix.GroupSize, Input: "10 kB password for a new account", Want: "vault.ErrPasswordLong",
			Act: func(t *testing.T, m *mx) error {
				return m.create(t, "Sparekey", "bob", strings.Repeat("x", matrix.TenKB))
			}},
	}...)
	return append(cs, variantCases()...)
}

// fileCases put the files of matrix.FileFaults in place of the vault file.
func fileCases() []mxCase {
	var cs []mxCase
	for _, f := range matrix.FileFaults {
		cs = append(cs, mxCase{Name: f.Case, Group: matrix.GroupFile, Input: f.Input, Want: f.Want,
			Act: func(t *testing.T, m *mx) error {
				matrix.Damage(t, m, f.Make(m.BeforeFile))
				_, err := m.store.Unlock(m.id, m.pw)
				return err
			},
			Fix: matrix.PutBack[*mx]})
	}
	return cs
}

// variantCases are the inputs every layer shares (matrix.*Variants).
func variantCases() []mxCase {
	var cs []mxCase
	add := func(v matrix.Variant, act func(t *testing.T, m *mx) error) {
		c := matrix.FromVariant(v, act)
		c.Changes = v.Want == matrix.Accepted
		cs = append(cs, c)
	}
	for _, v := range matrix.BackupCodeVariants {
		add(v, func(t *testing.T, m *mx) error {
			err := m.second(v.Make(m.cur.Codes[4].Text))
			if err == nil {
				m.Spent[4] = true
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
		if strings.HasPrefix(cs[i].Name, "username-") || strings.HasPrefix(cs[i].Name, "site-") {
			cs[i].Changes = false // another account's file: this one's stays as it was
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
	m.Proved = append(m.Proved, "set up as an account of its own beside the first")
	return nil
}
