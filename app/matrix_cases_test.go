package app_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/internal/atomicfile"
	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/vault"
)

const g6 = matrix.GroupDesign

func (m *amx) key() string { return "sparekey-test/" + m.id }

// signIn unlocks with the password alone.
func (m *amx) signIn() error { _, err := m.a.SignIn(m.id, m.pw); return err }

// fileCases put the files of matrix.FileFaults in place of the vault
// file and sign in.
func fileCases() []amxCase {
	var cs []amxCase
	for _, f := range matrix.FileFaults {
		cs = append(cs, amxCase{Name: f.Case, Group: matrix.GroupFile, Input: f.Input, Want: f.Want,
			Act: func(t *testing.T, m *amx) error { matrix.Damage(t, m, f.Make(m.BeforeFile)); return m.signIn() },
			Fix: matrix.PutBack[*amx]})
	}
	return cs
}

// keyringFault is a case whose keyring fails with err at sign-in.
func keyringFault(name, input, want string, err error) amxCase {
	return amxCase{Name: name, Group: matrix.GroupKeyring, Input: input, Want: want,
		Act: func(t *testing.T, m *amx) error { m.kr.fail(err); return m.signIn() },
		Fix: func(t *testing.T, m *amx) { m.kr.fail(nil) }}
}

// withSudo signs in and confirms the password, as the backup codes
// screen needs, then runs f and checks that it left the vault file and
// the file at target as they were.
func withSudo(t *testing.T, m *amx, target string, f func() error) error {
	m.signInAfter(t)
	noErr(t, m.a.Reauthenticate(m.pw))
	vaultBefore := readBytes(t, m.VaultPath())
	old, _ := os.ReadFile(target)
	err := f()
	if !bytes.Equal(readBytes(t, m.VaultPath()), vaultBefore) {
		t.Error("the vault file changed (a failed print or save was logged)")
	}
	if now, _ := os.ReadFile(target); !bytes.Equal(now, old) {
		t.Error("the file at the target changed")
	}
	entries, _ := os.ReadDir(filepath.Dir(target))
	for _, e := range entries {
		if atomicfile.IsTemp(e.Name()) {
			t.Errorf("temp file %s left in the target folder", e.Name())
		}
	}
	m.Proved = append(m.Proved, "the file already at the target unchanged, no temp file beside it; nothing logged")
	return err
}

// appMatrix lists the cases: DESIGN §6 through the app, the app's own,
// then the inputs every layer shares.
func appMatrix() []amxCase {
	cs := []amxCase{
		keyringFault("no-keyring", "no keyring service on the session bus", "vault.ErrNoKeyring",
			errors.New("The name org.freedesktop.secrets was not provided by any .service files")),
		keyringFault("keyring-locked", "keyring locked (Secret Service IsLocked)", "vault.ErrKeyringLocked",
			errors.New("org.freedesktop.Secret.Error.IsLocked: the collection is locked")),
		{Name: "keyring-item-missing", Group: matrix.GroupKeyring, Input: "the account's keyring item deleted", Want: "vault.ErrKeyringItemMissing",
			Act: func(t *testing.T, m *amx) error { noErr(t, m.kr.Delete("sparekey-test", m.id)); return m.signIn() },
			Fix: func(t *testing.T, m *amx) { m.kr.put(m.key(), m.item) }},
		{Name: "keyring-item-mismatch", Group: matrix.GroupKeyring, Input: "a keyring item of another device key", Want: "vault.ErrKeyringMismatch",
			Act: func(t *testing.T, m *amx) error { m.kr.put(m.key(), otherItem()); return m.signIn() },
			Fix: func(t *testing.T, m *amx) { m.kr.put(m.key(), m.item) }},
	}
	cs = append(cs, fileCases()...)
	cs = append(cs, []amxCase{
		{Name: "file-rolled-back-password", Group: matrix.GroupFile, Input: "a copy of the vault file from before a password change", Want: "vault.ErrRolledBackPassword",
			Prep: func(t *testing.T, m *amx) {
				m.Left = readBytes(t, m.VaultPath())
				m.signInAfter(t)
				noErr(t, m.a.ChangePassword(m.pw, pw+" two", pw+" two"))
				m.pw = pw + " two"
			},
			Act: func(t *testing.T, m *amx) error {
				matrix.Damage(t, m, m.Left)
				_, err := m.a.SignIn(m.id, pw)
				return err
			},
			Fix: matrix.PutBack[*amx]},

		{Name: "data-dir-read-only", Group: matrix.GroupStorage, Input: "data directory read-only (read-only mount, or mode 0500 when not root)", Want: "vault.ErrStorage (not writable)",
			Act: func(t *testing.T, m *amx) error {
				restore := matrix.Unwritable(t, m.dir)
				defer restore()
				return m.signIn()
			}},
		{Name: "disk-full", Group: matrix.GroupStorage, Input: "disk full at a backup-code sign-in (a full 256 KiB tmpfs where mounting works, else the write seam)", Want: "vault.ErrStorage (disk full)",
			Dir: func(t *testing.T) (string, bool) { return matrix.Tmpfs(t, 256<<10) },
			Act: func(t *testing.T, m *amx) error {
				noErr(t, m.signIn())
				free := matrix.DiskFull(t, m.dir, m.Tmpfs)
				defer free()
				_, err := m.a.VerifySecondFactor(m.cur.Codes[3].Text)
				return err
			}},
		{Name: "another-instance", Group: g6, Input: "a second Sparekey opens the same data directory", Want: "vault.ErrAnotherInstance",
			Act: func(t *testing.T, m *amx) error {
				b, err := app.Open(m.config(t))
				if err == nil {
					b.Close()
				}
				return err
			}},

		{Name: "wrong-password", Group: g6, Input: "wrong password", Want: "vault.ErrWrongPassword", Try: true,
			Act: func(t *testing.T, m *amx) error { _, err := m.a.SignIn(m.id, "not the password"); return err }},
		{Name: "wrong-code", Group: g6, Input: "wrong 6-digit code", Want: "vault.ErrWrongCode", Try: true,
			Act: func(t *testing.T, m *amx) error { return m.second(wrongCode(t, m.secret, m.c.now())) }},
		{Name: "backup-code-typo", Group: g6, Input: "backup code with two symbols swapped", Want: "vault.ErrTypo",
			Act: func(t *testing.T, m *amx) error { return m.second(matrix.Swapped(m.cur.Codes[1].Text)) }},
		{Name: "backup-code-used", Group: g6, Input: "backup code already used", Want: "vault.ErrCodeUsed", Try: true,
			Act: func(t *testing.T, m *amx) error { return m.second(m.cur.Codes[0].Text) }},
		{Name: "backup-code-replaced", Group: g6, Input: "backup code from a replaced set", Want: "vault.ErrCodeReplaced", Try: true,
			Act: func(t *testing.T, m *amx) error { return m.second(m.old.Codes[3].Text) }},
		{Name: "totp-just-used", Group: g6, Input: "the authenticator code that was just accepted, again", Want: "vault.ErrTOTPJustUsed",
			Prep: func(t *testing.T, m *amx) { m.signInAfter(t); m.a.SignOut() },
			Act:  func(t *testing.T, m *amx) error { return m.second(code(t, m.secret, m.c.now())) }},
		{Name: "clock-gone-back", Group: g6, Input: "authenticator code after the clock went back 2 minutes", Want: "vault.ErrClockBehind",
			Prep: func(t *testing.T, m *amx) { m.signInAfter(t); m.a.SignOut() },
			Act: func(t *testing.T, m *amx) error {
				m.c.advance(-2 * time.Minute)
				return m.second(code(t, m.secret, m.c.now()))
			},
			Fix: func(t *testing.T, m *amx) { m.c.advance(2 * time.Minute) }},
		{Name: "locked-out", Group: g6, Input: "the right password after 5 wrong ones", Want: "vault.ErrLockedOut",
			Prep: func(t *testing.T, m *amx) {
				for range vault.FreeTries + 1 {
					m.c.advance(time.Second)
					m.a.SignIn(m.id, "not the password")
				}
			},
			Act: func(t *testing.T, m *amx) error {
				err := m.signIn()
				var lo *vault.LockedOutError
				if !errors.As(err, &lo) || lo.Wait() != vault.FirstLockout {
					t.Errorf("lockout %v, want a wait of %v", err, vault.FirstLockout)
				}
				m.Proved = append(m.Proved, "the wait is 30 s")
				return err
			}},

		{Name: "passwords-differ", Group: g6, Input: "a new account's password and its repetition differ", Want: "app.ErrPasswordsDiffer",
			Act: func(t *testing.T, m *amx) error {
				_, err := m.a.CreateAccount("Sparekey", "bob", pw, pw+"!")
				return err
			}},
		{Name: "remove-account-mismatch", Group: g6, Input: "removing an account, typing another username", Want: "app.ErrConfirmationMismatch",
			Act: func(t *testing.T, m *amx) error { return m.a.RemoveAccount(m.id, "bob") }},
		{Name: "remove-account-lookalike", Group: matrix.GroupUnicode, Input: "removing an account, typing its username with a Cyrillic а", Want: "app.ErrConfirmationMismatch",
			Act: func(t *testing.T, m *amx) error { return m.a.RemoveAccount(m.id, "аlicé") }},
		{Name: "save-folder-missing", Group: matrix.GroupSettings, Input: "saving the codes into a folder that does not exist", Want: "app.ErrFolderMissing", Changes: true,
			Act: func(t *testing.T, m *amx) error {
				target := filepath.Join(t.TempDir(), "gone", "codes.txt")
				return withSudo(t, m, target, func() error { return m.a.SaveCodes(target) })
			}},
		{Name: "save-not-writable", Group: matrix.GroupSettings, Input: "saving the codes over a file in a read-only folder", Want: "app.ErrNotWritable", Changes: true,
			Act: func(t *testing.T, m *amx) error {
				dir := t.TempDir()
				target := filepath.Join(dir, "codes.txt")
				noErr(t, os.WriteFile(target, []byte("an older sheet\n"), 0o600))
				restore := matrix.Unwritable(t, dir)
				defer restore()
				return withSudo(t, m, target, func() error { return m.a.SaveCodes(target) })
			}},
		{Name: "save-disk-full", Group: matrix.GroupSettings, Input: "saving the codes over a file on a full disk (tmpfs where mounting works, else the write seam)", Want: "app.ErrDiskFull", Changes: true,
			Act: func(t *testing.T, m *amx) error {
				dir, tmpfs := matrix.Tmpfs(t, 64<<10)
				if !tmpfs {
					dir = t.TempDir()
				}
				target := filepath.Join(dir, "codes.txt")
				noErr(t, os.WriteFile(target, []byte("an older sheet\n"), 0o600))
				free := matrix.DiskFull(t, dir, tmpfs)
				err := withSudo(t, m, target, func() error { return m.a.SaveCodes(target) })
				free()
				return err
			}},
		{Name: "print-no-dialog", Group: matrix.GroupSettings, Input: "printing where the system has no print dialog", Want: "app.ErrNoPrintDialog", Changes: true,
			Act: func(t *testing.T, m *amx) error {
				m.print = func() (printing.Outcome, error) { return printing.Outcome{}, printing.ErrNoDialog }
				return withSudo(t, m, filepath.Join(t.TempDir(), "none"), func() error { _, err := m.a.PrintCodes(t.Context()); return err })
			}},
		{Name: "print-cancelled", Group: matrix.GroupSettings, Input: "closing the print dialog without printing", Want: "app.ErrPrintCancelled", Changes: true,
			Act: func(t *testing.T, m *amx) error {
				m.print = func() (printing.Outcome, error) { return printing.Outcome{}, printing.ErrCancelled }
				return withSudo(t, m, filepath.Join(t.TempDir(), "none"), func() error { _, err := m.a.PrintCodes(t.Context()); return err })
			}},
		{Name: "new-password-empty", Group: matrix.GroupSize, Input: "empty password for a new account", Want: "vault.ErrPasswordShort",
			Act: func(t *testing.T, m *amx) error { _, err := m.a.CreateAccount("Sparekey", "bob", "", ""); return err }},
		{Name: "new-password-10kb", Group: matrix.GroupSize, Input: "10 kB password for a new account", Want: "vault.ErrPasswordLong",
			Act: func(t *testing.T, m *amx) error {
				p := strings.Repeat("x", matrix.TenKB)
				_, err := m.a.CreateAccount("Sparekey", "bob", p, p)
				return err
			}},
	}...)
	return append(cs, appVariantCases()...)
}

// appVariantCases are the inputs every layer shares (matrix.*Variants).
func appVariantCases() []amxCase {
	var cs []amxCase
	add := func(v matrix.Variant, changes bool, act func(t *testing.T, m *amx) error) {
		c := matrix.FromVariant(v, act)
		c.Changes = changes && v.Want == matrix.Accepted
		cs = append(cs, c)
	}
	for _, v := range matrix.BackupCodeVariants {
		add(v, true, func(t *testing.T, m *amx) error {
			err := m.second(v.Make(m.cur.Codes[4].Text))
			if err == nil {
				m.Spent[4] = true
			}
			return err
		})
	}
	for _, v := range matrix.TOTPVariants {
		add(v, true, func(t *testing.T, m *amx) error {
			m.c.advance(30 * time.Second)
			return m.second(v.Make(code(t, m.secret, m.c.now())))
		})
	}
	for _, v := range matrix.CodeSizes {
		add(v, true, func(t *testing.T, m *amx) error { return m.second(v.Make("")) })
	}
	for i, v := range matrix.TOTPSteps {
		add(v, true, func(t *testing.T, m *amx) error {
			m.c.advance(30 * time.Second)
			return m.second(code(t, m.secret, m.c.now().Add(time.Duration(matrix.Steps[i])*30*time.Second)))
		})
	}
	for _, v := range matrix.PasswordSizes {
		add(v, true, func(t *testing.T, m *amx) error { _, err := m.a.SignIn(m.id, v.Make("")); return err })
	}
	for _, v := range matrix.UsernameVariants {
		add(v, false, func(t *testing.T, m *amx) error { return m.create(t, "Sparekey", v.Make(amxUser)) })
	}
	for _, v := range matrix.SiteVariants {
		add(v, false, func(t *testing.T, m *amx) error { return m.create(t, v.Make("Sparekey"), "bob") })
	}
	return cs
}

// create makes another account through the app; when the names are
// taken, it is set up in full, to show it is an account of its own.
func (m *amx) create(t *testing.T, site, user string) error {
	if _, err := m.a.CreateAccount(site, user, pw, pw); err != nil {
		return err
	}
	en := must(m.a.BeginEnrolment())
	wantStep(t, must(m.a.ConfirmEnrolment(code(t, en.Secret, m.c.now()))), app.StepSaveCodes)
	wantStep(t, must(m.a.AcknowledgeCodes()), app.StepHome)
	if infos := must(m.a.Accounts()); len(infos) != 2 {
		t.Fatalf("accounts after a second one: %+v", infos)
	}
	m.a.SignOut()
	m.Proved = append(m.Proved, "set up as an account of its own beside the first")
	return nil
}

// wrongCode is a 6-digit code that no step t−1..t+1 of secret gives.
func wrongCode(t *testing.T, secret string, at time.Time) string {
	valid := map[string]bool{}
	for d := -1; d <= 1; d++ {
		valid[code(t, secret, at.Add(time.Duration(d)*30*time.Second))] = true
	}
	for _, c := range []string{"000000", "111111", "222222"} {
		if !valid[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}
