package vault_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

var (
	errInjected = errors.New("injected fault")
	errCrashed  = errors.New("process crashed")
)

// faults is the seam over every write boundary: each step of an atomic
// file write (write, fsync, rename, folder fsync, through
// vault.SetStepHook) and each keyring write (through faultKeyring). While
// armed it numbers the boundaries it meets; the one numbered at fails, and
// in crash mode every later step fails too (reads included), as if the
// process had died there and nothing more reached the disk or keyring.
type faults struct {
	mu    sync.Mutex
	armed bool
	steps []string
	at    int
	crash bool
	dead  bool
}

func (f *faults) hit(what string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dead {
		return errCrashed
	}
	if !f.armed {
		return nil
	}
	i := len(f.steps)
	f.steps = append(f.steps, what)
	if i == f.at {
		f.dead = f.crash
		return errInjected
	}
	return nil
}

func (f *faults) read() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dead {
		return errCrashed
	}
	return nil
}

// arm starts numbering boundaries, failing the at-th (none when at < 0).
func (f *faults) arm(at int, crash bool) (disarm func() []string) {
	f.mu.Lock()
	f.armed, f.steps, f.at, f.crash, f.dead = true, nil, at, crash, false
	f.mu.Unlock()
	restore := vault.SetStepHook(func(step, path string) error {
		kind := strings.TrimPrefix(filepath.Ext(path), ".")
		return f.hit(step + " " + kind)
	})
	return func() []string {
		restore()
		f.mu.Lock()
		defer f.mu.Unlock()
		f.armed, f.dead = false, false
		return f.steps
	}
}

type faultKeyring struct {
	*memKeyring
	f *faults
}

func (k *faultKeyring) Get(service, user string) (string, error) {
	if err := k.f.read(); err != nil {
		return "", err
	}
	return k.memKeyring.Get(service, user)
}

func (k *faultKeyring) Set(service, user, secret string) error {
	if err := k.f.hit("keyring write"); err != nil {
		return err
	}
	return k.memKeyring.Set(service, user, secret)
}

func (k *faultKeyring) Delete(service, user string) error {
	if err := k.f.hit("keyring delete"); err != nil {
		return err
	}
	return k.memKeyring.Delete(service, user)
}

// faultEnv is an env whose keyring and files go through a faults seam,
// with an account that has a history: a spent code, a replaced set, a
// spent code of the current set, and a used authenticator step.
type faultEnv struct {
	*env
	f          *faults
	fk         *faultKeyring
	id, secret string
	first, cur vault.CodeSet // the replaced set and the current one
	lastCode   string        // the last authenticator code accepted
	lastAt     time.Time     // and when
}

func newFaultEnv(t *testing.T) *faultEnv {
	t.Helper()
	e := &env{dir: t.TempDir(), kr: newMemKeyring(), clk: newClock()}
	fe := &faultEnv{env: e, f: &faults{at: -1}}
	fe.fk = &faultKeyring{memKeyring: e.kr, f: fe.f}
	fe.restart(t)
	fe.id, fe.secret = e.setUpID(t, "alice")
	fe.first = e.sets[fe.id]
	a := fe.signInTOTP(t, pw, fe.secret)
	b, err := e.store.Unlock(fe.id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.VerifySecondFactor(fe.first.Codes[0].Text); err != nil {
		t.Fatal(err)
	}
	if fe.cur, err = a.RegenerateCodes(); err != nil {
		t.Fatal(err)
	}
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatal(err)
	}
	c, err := e.store.Unlock(fe.id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.VerifySecondFactor(fe.cur.Codes[0].Text); err != nil {
		t.Fatal(err)
	}
	a.Close()
	fe.restart(t)
	return fe
}

// restart stands for a new process: a new Store over the same folder and
// keyring; nothing of the old one's memory survives.
func (fe *faultEnv) restart(t *testing.T) {
	t.Helper()
	if fe.store != nil {
		fe.store.Close()
	}
	s, err := openStore(t, fe.dir, fe.fk, fe.clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	fe.store = s
}

// signInTOTP signs in with password and a fresh authenticator code.
func (fe *faultEnv) signInTOTP(t *testing.T, password, secret string) *vault.Account {
	t.Helper()
	fe.clk.advance(30 * time.Second)
	a, err := fe.store.Unlock(fe.id, password)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	c := code(t, secret, fe.clk.now())
	if _, err := a.VerifySecondFactor(c); err != nil {
		t.Fatalf("second factor: %v", err)
	}
	fe.lastCode, fe.lastAt = c, fe.clk.now()
	return a
}

// opResult is what an operation under faults claims. Whatever it claims
// when it succeeds (err nil) must hold after any restart; when it fails,
// either the old state or the new one may stand.
type opResult struct {
	err         error
	reached     bool     // a failed try reached the check
	spent       []string // codes this operation spent
	replaced    []string // codes of a set it replaced
	newPassword string
	newSecret   string
	code        string // an authenticator code it used, at the clock's time
}

type faultOp struct {
	name string
	// run does its preparation, calls arm where the operation under test
	// begins, and returns what the operation claims.
	run func(t *testing.T, fe *faultEnv, arm func()) opResult
}

var faultOps = []faultOp{
	{"backup-code sign-in", func(t *testing.T, fe *faultEnv, arm func()) opResult {
		arm()
		r := opResult{spent: []string{fe.cur.Codes[1].Text}}
		a, err := fe.store.Unlock(fe.id, pw)
		if r.err = err; err == nil {
			_, r.err = a.VerifySecondFactor(fe.cur.Codes[1].Text)
		}
		return r
	}},
	{"authenticator sign-in", func(t *testing.T, fe *faultEnv, arm func()) opResult {
		fe.clk.advance(30 * time.Second)
		r := opResult{code: code(t, fe.secret, fe.clk.now())}
		arm()
		a, err := fe.store.Unlock(fe.id, pw)
		if r.err = err; err == nil {
			_, r.err = a.VerifySecondFactor(r.code)
		}
		return r
	}},
	{"failed try (5th wrong password)", func(t *testing.T, fe *faultEnv, arm func()) opResult {
		for range vault.FreeTries {
			fe.clk.advance(time.Second)
			if _, err := fe.store.Unlock(fe.id, badPassword); !errors.Is(err, vault.ErrWrongPassword) {
				t.Fatal(err)
			}
		}
		arm()
		_, err := fe.store.Unlock(fe.id, badPassword)
		return opResult{err: err, reached: errors.Is(err, vault.ErrWrongPassword)}
	}},
	{"failed try (wrong authenticator code)", func(t *testing.T, fe *faultEnv, arm func()) opResult {
		a, err := fe.store.Unlock(fe.id, pw)
		if err != nil {
			t.Fatal(err)
		}
		for range vault.FreeTries - 1 { // with the password's own try undone: 4 failures
			if _, err := a.VerifySecondFactor(wrongCode(t, fe.secret, fe.clk.now())); !errors.Is(err, vault.ErrWrongCode) {
				t.Fatal(err)
			}
		}
		if _, err := fe.store.Unlock(fe.id, badPassword); !errors.Is(err, vault.ErrWrongPassword) {
			t.Fatal(err)
		}
		arm()
		_, err = a.VerifySecondFactor(wrongCode(t, fe.secret, fe.clk.now()))
		return opResult{err: err, reached: errors.Is(err, vault.ErrWrongCode)}
	}},
	{"regenerate", func(t *testing.T, fe *faultEnv, arm func()) opResult {
		a := fe.signInTOTP(t, pw, fe.secret)
		arm()
		_, err := a.RegenerateCodes()
		return opResult{err: err, replaced: []string{fe.cur.Codes[2].Text, fe.cur.Codes[9].Text}}
	}},
	{"change password", func(t *testing.T, fe *faultEnv, arm func()) opResult {
		a := fe.signInTOTP(t, pw, fe.secret)
		arm()
		return opResult{err: a.ChangePassword(pw, pw+" two"), newPassword: pw + " two"}
	}},
	{"reset authenticator", func(t *testing.T, fe *faultEnv, arm func()) opResult {
		a := fe.signInTOTP(t, pw, fe.secret)
		fe.clk.advance(30 * time.Second)
		arm()
		en, err := a.BeginEnrolment()
		r := opResult{err: err}
		if err == nil {
			r.newSecret, r.code = en.Secret, code(t, en.Secret, fe.clk.now())
			r.err = a.ConfirmEnrolment(r.code)
		}
		return r
	}},
}

// TestFaultAtEveryWriteBoundary fails, and separately "crashes" at, every
// write boundary of each operation, then restarts and checks: the account
// opens with its password (the old or, after a password change, the new
// one; the new one alone when the change reported success); a spent code,
// a replaced set's code or a used authenticator step is never accepted
// again; what a successful operation claims holds; a failed try that
// reached its check is never forgotten. The number of boundaries and the
// outcomes are logged.
func TestFaultAtEveryWriteBoundary(t *testing.T) {
	total, runs := 0, 0
	outcomes := map[string]int{}
	for _, op := range faultOps {
		// A run without faults numbers the boundaries.
		fe := newFaultEnv(t)
		var disarm func() []string
		r := op.run(t, fe, func() { disarm = fe.f.arm(-1, false) })
		steps := disarm()
		if r.err != nil && !r.reached {
			t.Fatalf("%s without faults: %v", op.name, r.err)
		}
		t.Logf("%s: %d boundaries: %s", op.name, len(steps), strings.Join(steps, ", "))
		total += len(steps)
		for k := range steps {
			for _, crash := range []bool{false, true} {
				mode := "fail"
				if crash {
					mode = "crash"
				}
				fe := newFaultEnv(t)
				var disarm func() []string
				r := op.run(t, fe, func() { disarm = fe.f.arm(k, crash) })
				disarm()
				fe.restart(t)
				what := fmt.Sprintf("%s, %s at boundary %d (%s)", op.name, mode, k, steps[k])
				outcomes[op.name+": "+checkAfterFault(t, fe, r, what)]++
				runs++
			}
		}
	}
	t.Logf("%d boundaries over %d operations, %d faulty runs (each fail and crash)", total, len(faultOps), runs)
	keys := make([]string, 0, len(outcomes))
	for k := range outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%4d × %s", outcomes[k], k)
	}
}

// checkAfterFault checks the invariants after an operation that met a
// fault and a restart, and returns a short outcome for the tally.
func checkAfterFault(t *testing.T, fe *faultEnv, r opResult, what string) string {
	t.Helper()
	bad := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s: %s", what, fmt.Sprintf(format, args...))
	}
	opened := "old state"
	if r.err == nil {
		opened = "new state"
	}
	outcome := "operation failed"
	if r.err == nil || r.reached {
		outcome = "operation done"
	}

	// A failed try that reached the check was the 5th: it locks.
	if r.reached {
		_, err := fe.store.Unlock(fe.id, pw)
		if !errors.Is(err, vault.ErrLockedOut) {
			bad("the 5th failed try is forgotten after the restart: unlock gives %v", err)
		}
		fe.clk.advance(vault.FirstLockout + time.Second)
		opened = "the try counted"
	}

	// The account opens with its password.
	passwords := []string{pw}
	if r.newPassword != "" {
		passwords = []string{r.newPassword, pw}
		if r.err == nil {
			passwords = passwords[:1]
		}
	}
	var a *vault.Account
	var err error
	for i, p := range passwords {
		if a, err = fe.store.Unlock(fe.id, p); err == nil {
			if i > 0 {
				opened = "old password"
			} else if r.newPassword != "" {
				opened = "new password"
			}
			break
		}
	}
	if a == nil {
		for errors.Is(err, vault.ErrLockedOut) {
			fe.clk.advance(vault.MaxLockout)
			a, err = fe.store.Unlock(fe.id, passwords[0])
		}
		if a == nil {
			bad("the account does not open: %v", err)
			return outcome + ", account unopenable: " + err.Error()
		}
		opened = "the try counted (locked out)"
	}
	if r.newPassword != "" && r.err == nil {
		if _, err := fe.store.Unlock(fe.id, pw); !errors.Is(err, vault.ErrWrongPassword) {
			bad("the old password after a change that succeeded: %v", err)
		}
	}

	// The operation's authenticator step is never accepted again.
	if r.code != "" {
		_, err := a.VerifySecondFactor(r.code)
		switch {
		case err == nil && r.err == nil:
			bad("the authenticator code of a sign-in that succeeded signs in again")
		case err == nil:
			opened = "old state (its code unused)"
		case r.err != nil && errors.Is(err, vault.ErrTOTPJustUsed):
			opened = "new state (its step stored)"
		}
	}
	// The last step accepted before the operation, neither (while the
	// clock is still within that step's window).
	if fe.clk.now().Sub(fe.lastAt) < 30*time.Second {
		if _, err := a.VerifySecondFactor(fe.lastCode); err == nil {
			bad("a used authenticator step signs in again")
		}
	}

	// A complete sign-in with the authenticator the account has.
	fe.clk.advance(30 * time.Second)
	secrets := []string{fe.secret}
	if r.newSecret != "" {
		secrets = []string{r.newSecret, fe.secret}
		if r.err == nil {
			secrets = secrets[:1]
		}
	}
	signedIn := func() {
		t.Helper()
		for i, s := range secrets {
			c := code(t, s, fe.clk.now())
			if _, err = a.VerifySecondFactor(c); err == nil {
				fe.lastCode, fe.lastAt = c, fe.clk.now()
				if r.newSecret != "" && !strings.Contains(opened, "secret") {
					opened += []string{", new secret", ", old secret"}[i]
				}
				return
			}
		}
		bad("no authenticator signs in: %v", err)
	}
	signedIn()
	if r.newSecret != "" && r.err == nil {
		fe.clk.advance(30 * time.Second)
		if _, err := a.VerifySecondFactor(code(t, fe.secret, fe.clk.now())); err == nil {
			bad("the old authenticator after a reset that succeeded")
		}
	}

	// No spent or replaced code signs in; at most three wrong tries
	// between complete sign-ins, so no lockout gets in the way.
	never := []string{fe.first.Codes[0].Text, fe.first.Codes[5].Text, fe.cur.Codes[0].Text}
	if r.err == nil {
		never = append(append(never, r.spent...), r.replaced...)
	}
	for i, c := range never {
		if _, err := a.VerifySecondFactor(c); err == nil {
			bad("code %d of the spent or replaced ones signs in again", i)
		}
		if i%3 == 2 {
			fe.clk.advance(30 * time.Second)
			signedIn()
		}
	}
	// Which state stands, for the tally: the operation's code, if it
	// failed, may or may not be spent.
	if r.err != nil && len(r.spent)+len(r.replaced) > 0 {
		c := slices.Concat(r.spent, r.replaced)[0]
		if _, err := a.VerifySecondFactor(c); err == nil {
			opened = "old state"
		} else {
			opened = "new state"
		}
	}
	// A whole set stands, the old one or a new one, never a mix and never
	// nothing, and a code of it still signs in.
	if cs := a.Codes(); len(cs.Codes) != 10 || cs.Left() == 0 {
		bad("the account opens with %d backup codes, %d unused", len(cs.Codes), cs.Left())
	} else {
		texts := func(cs vault.CodeSet) (out []string) {
			for _, c := range cs.Codes {
				out = append(out, c.Text)
			}
			return out
		}
		now, was := texts(cs), texts(fe.cur)
		if !slices.Equal(now, was) && slices.ContainsFunc(now, func(c string) bool { return slices.Contains(was, c) }) {
			bad("the set mixes old and new codes")
		}
		fe.clk.advance(30 * time.Second)
		if _, err := a.VerifySecondFactor(cs.Active()[0]); err != nil {
			bad("an unused code of the set that stands is refused: %v", err)
		}
	}
	a.Close()
	return outcome + ", opens with " + opened
}
