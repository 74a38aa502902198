package app_test

import (
	"bytes"
	"encoding/binary"
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

// damaged is a case that puts b in place of the vault file and signs in.
func damaged(name, input, want string, b func(file []byte) []byte) amxCase {
	return amxCase{name: name, group: matrix.GroupFile, input: input, want: want,
		act: func(t *testing.T, m *amx) error { m.damage(t, b(m.before.file)); return m.signIn() },
		fix: putBackFile}
}

// keyringFault is a case whose keyring fails with err at sign-in.
func keyringFault(name, input, want string, err error) amxCase {
	return amxCase{name: name, group: matrix.GroupKeyring, input: input, want: want,
		act: func(t *testing.T, m *amx) error { m.kr.fail(err); return m.signIn() },
		fix: func(t *testing.T, m *amx) { m.kr.fail(nil) }}
}

// withSudo signs in and confirms the password, as the backup codes
// screen needs, then runs f and checks that it left the vault file and
// the file at target as they were.
func withSudo(t *testing.T, m *amx, target string, f func() error) error {
	m.signInAfter(t)
	noErr(t, m.a.Reauthenticate(m.pw))
	vaultBefore := readBytes(t, m.vaultPath())
	old, _ := os.ReadFile(target)
	err := f()
	if !bytes.Equal(readBytes(t, m.vaultPath()), vaultBefore) {
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
	m.proved = append(m.proved, "the file already at the target unchanged, no temp file beside it; nothing logged")
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
		{name: "keyring-item-missing", group: matrix.GroupKeyring, input: "the account's keyring item deleted", want: "vault.ErrKeyringItemMissing",
			act: func(t *testing.T, m *amx) error { noErr(t, m.kr.Delete("sparekey-test", m.id)); return m.signIn() },
			fix: func(t *testing.T, m *amx) { m.kr.put(m.key(), m.before.item) }},
		{name: "keyring-item-mismatch", group: matrix.GroupKeyring, input: "a keyring item of another device key", want: "vault.ErrKeyringMismatch",
			act: func(t *testing.T, m *amx) error { m.kr.put(m.key(), otherItem()); return m.signIn() },
			fix: func(t *testing.T, m *amx) { m.kr.put(m.key(), m.before.item) }},

		damaged("file-bit-flipped", "vault file with one bit of the encrypted body flipped", "vault.ErrDamaged",
			func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-1] ^= 1; return c }),
		damaged("file-header-bit-flipped", "vault file with one bit of the plain header flipped", "vault.ErrKeyringMismatch",
			func(b []byte) []byte {
				c := bytes.Clone(b)
				c[bytes.Index(c, []byte(`"site":"`))+len(`"site":"`)] ^= 1
				return c
			}),
		damaged("file-truncated", "vault file cut to half its length", "vault.ErrDamaged", func(b []byte) []byte { return b[:len(b)/2] }),
		damaged("file-zero-length", "vault file of zero bytes", "vault.ErrDamaged", func([]byte) []byte { return []byte{} }),
		damaged("file-foreign-format", "a PNG image in place of the vault file", "vault.ErrDamaged",
			func([]byte) []byte {
				return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 200)...)
			}),
		damaged("file-newer-version", "vault file of format version 3 (this build writes 2)", "vault.ErrNewerVersion",
			func(b []byte) []byte {
				c := bytes.Clone(b)
				binary.BigEndian.PutUint16(c[8:10], vault.FormatVersion+1)
				return c
			}),
		{name: "file-rolled-back-password", group: matrix.GroupFile, input: "a copy of the vault file from before a password change", want: "vault.ErrRolledBackPassword",
			prep: func(t *testing.T, m *amx) {
				m.left = readBytes(t, m.vaultPath())
				m.signInAfter(t)
				noErr(t, m.a.ChangePassword(m.pw, pw+" two", pw+" two"))
				m.pw = pw + " two"
			},
			act: func(t *testing.T, m *amx) error {
				m.damage(t, m.left)
				_, err := m.a.SignIn(m.id, pw)
				return err
			},
			fix: putBackFile},

		{name: "data-dir-read-only", group: matrix.GroupStorage, input: "data directory read-only (read-only mount, or mode 0500 when not root)", want: "vault.ErrStorage (not writable)",
			act: func(t *testing.T, m *amx) error {
				restore := readOnly(t, m.dir)
				defer restore()
				return m.signIn()
			}},
		{name: "disk-full", group: matrix.GroupStorage, input: "disk full at a backup-code sign-in (a full 256 KiB tmpfs where mounting works, else the write seam)", want: "vault.ErrStorage (disk full)",
			dir: func(t *testing.T) (string, bool) { return matrix.Tmpfs(t, 256<<10) },
			act: func(t *testing.T, m *amx) error {
				noErr(t, m.signIn())
				free := diskFull(t, m.dir, m.tmpfs)
				defer free()
				_, err := m.a.VerifySecondFactor(m.cur.Codes[3].Text)
				return err
			}},
		{name: "another-instance", group: g6, input: "a second Sparekey opens the same data directory", want: "vault.ErrAnotherInstance",
			act: func(t *testing.T, m *amx) error {
				b, err := app.Open(m.config(t))
				if err == nil {
					b.Close()
				}
				return err
			}},

		{name: "wrong-password", group: g6, input: "wrong password", want: "vault.ErrWrongPassword", try: true,
			act: func(t *testing.T, m *amx) error { _, err := m.a.SignIn(m.id, "not the password"); return err }},
		{name: "wrong-code", group: g6, input: "wrong 6-digit code", want: "vault.ErrWrongCode", try: true,
			act: func(t *testing.T, m *amx) error { return m.second(wrongCode(t, m.secret, m.c.now())) }},
		{name: "backup-code-typo", group: g6, input: "backup code with two symbols swapped", want: "vault.ErrTypo",
			act: func(t *testing.T, m *amx) error { return m.second(matrix.Swapped(m.cur.Codes[1].Text)) }},
		{name: "backup-code-used", group: g6, input: "backup code already used", want: "vault.ErrCodeUsed", try: true,
			act: func(t *testing.T, m *amx) error { return m.second(m.cur.Codes[0].Text) }},
		{name: "backup-code-replaced", group: g6, input: "backup code from a replaced set", want: "vault.ErrCodeReplaced", try: true,
			act: func(t *testing.T, m *amx) error { return m.second(m.old.Codes[3].Text) }},
		{name: "totp-just-used", group: g6, input: "the authenticator code that was just accepted, again", want: "vault.ErrTOTPJustUsed",
			prep: func(t *testing.T, m *amx) { m.signInAfter(t); m.a.SignOut() },
			act:  func(t *testing.T, m *amx) error { return m.second(code(t, m.secret, m.c.now())) }},
		{name: "clock-gone-back", group: g6, input: "authenticator code after the clock went back 2 minutes", want: "vault.ErrClockBehind",
			prep: func(t *testing.T, m *amx) { m.signInAfter(t); m.a.SignOut() },
			act: func(t *testing.T, m *amx) error {
				m.c.advance(-2 * time.Minute)
				return m.second(code(t, m.secret, m.c.now()))
			},
			fix: func(t *testing.T, m *amx) { m.c.advance(2 * time.Minute) }},
		{name: "locked-out", group: g6, input: "the right password after 5 wrong ones", want: "vault.ErrLockedOut",
			prep: func(t *testing.T, m *amx) {
				for range vault.FreeTries + 1 {
					m.c.advance(time.Second)
					m.a.SignIn(m.id, "not the password")
				}
			},
			act: func(t *testing.T, m *amx) error {
				err := m.signIn()
				var lo *vault.LockedOutError
				if !errors.As(err, &lo) || lo.Wait() != vault.FirstLockout {
					t.Errorf("lockout %v, want a wait of %v", err, vault.FirstLockout)
				}
				m.proved = append(m.proved, "the wait is 30 s")
				return err
			}},

		{name: "passwords-differ", group: g6, input: "a new account's password and its repetition differ", want: "app.ErrPasswordsDiffer",
			act: func(t *testing.T, m *amx) error {
				_, err := m.a.CreateAccount("Sparekey", "bob", pw, pw+"!")
				return err
			}},
		{name: "remove-account-mismatch", group: g6, input: "removing an account, typing another username", want: "app.ErrConfirmationMismatch",
			act: func(t *testing.T, m *amx) error { return m.a.RemoveAccount(m.id, "bob") }},
		{name: "remove-account-lookalike", group: matrix.GroupUnicode, input: "removing an account, typing its username with a Cyrillic а", want: "app.ErrConfirmationMismatch",
			act: func(t *testing.T, m *amx) error { return m.a.RemoveAccount(m.id, "аlicé") }},
		{name: "save-folder-missing", group: matrix.GroupSettings, input: "saving the codes into a folder that does not exist", want: "app.ErrFolderMissing", changes: true,
			act: func(t *testing.T, m *amx) error {
				target := filepath.Join(t.TempDir(), "gone", "codes.txt")
				return withSudo(t, m, target, func() error { return m.a.SaveCodes(target) })
			}},
		{name: "save-not-writable", group: matrix.GroupSettings, input: "saving the codes over a file in a read-only folder", want: "app.ErrNotWritable", changes: true,
			act: func(t *testing.T, m *amx) error {
				dir := t.TempDir()
				target := filepath.Join(dir, "codes.txt")
				noErr(t, os.WriteFile(target, []byte("an older sheet\n"), 0o600))
				restore := readOnly(t, dir)
				defer restore()
				return withSudo(t, m, target, func() error { return m.a.SaveCodes(target) })
			}},
		{name: "save-disk-full", group: matrix.GroupSettings, input: "saving the codes over a file on a full disk (tmpfs where mounting works, else the write seam)", want: "app.ErrDiskFull", changes: true,
			act: func(t *testing.T, m *amx) error {
				dir, tmpfs := matrix.Tmpfs(t, 64<<10)
				if !tmpfs {
					dir = t.TempDir()
				}
				target := filepath.Join(dir, "codes.txt")
				noErr(t, os.WriteFile(target, []byte("an older sheet\n"), 0o600))
				free := diskFull(t, dir, tmpfs)
				err := withSudo(t, m, target, func() error { return m.a.SaveCodes(target) })
				free()
				return err
			}},
		{name: "print-no-dialog", group: matrix.GroupSettings, input: "printing where the system has no print dialog", want: "app.ErrNoPrintDialog", changes: true,
			act: func(t *testing.T, m *amx) error {
				m.print = func() (printing.Outcome, error) { return printing.Outcome{}, printing.ErrNoDialog }
				return withSudo(t, m, filepath.Join(t.TempDir(), "none"), func() error { _, err := m.a.PrintCodes(t.Context()); return err })
			}},
		{name: "print-cancelled", group: matrix.GroupSettings, input: "closing the print dialog without printing", want: "app.ErrPrintCancelled", changes: true,
			act: func(t *testing.T, m *amx) error {
				m.print = func() (printing.Outcome, error) { return printing.Outcome{}, printing.ErrCancelled }
				return withSudo(t, m, filepath.Join(t.TempDir(), "none"), func() error { _, err := m.a.PrintCodes(t.Context()); return err })
			}},
		{name: "new-password-empty", group: matrix.GroupSize, input: "empty password for a new account", want: "vault.ErrPasswordShort",
			act: func(t *testing.T, m *amx) error { _, err := m.a.CreateAccount("Sparekey", "bob", "", ""); return err }},
		{name: "new-password-10kb", group: matrix.GroupSize, input: "10 kB password for a new account", want: "vault.ErrPasswordLong",
			act: func(t *testing.T, m *amx) error {
				p := strings.Repeat("x", matrix.TenKB)
				_, err := m.a.CreateAccount("Sparekey", "bob", p, p)
				return err
			}},
	}
	return append(cs, appVariantCases()...)
}

// appVariantCases are the inputs every layer shares (matrix.*Variants).
func appVariantCases() []amxCase {
	var cs []amxCase
	add := func(v matrix.Variant, changes bool, act func(t *testing.T, m *amx) error) {
		cs = append(cs, amxCase{name: v.Case, group: v.Group, input: v.Input, want: v.Want, try: v.Try, act: act,
			changes: changes && v.Want == matrix.Accepted})
	}
	for _, v := range matrix.BackupCodeVariants {
		add(v, true, func(t *testing.T, m *amx) error {
			err := m.second(v.Make(m.cur.Codes[4].Text))
			if err == nil {
				m.spent[4] = true
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
	m.proved = append(m.proved, "set up as an account of its own beside the first")
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
