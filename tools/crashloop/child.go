package main

// The child: one operation on the vault, with a journal line before and
// after each keyring write and before each step of each file write, so the
// parent knows where its kill landed.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sparekey/sparekey/internal/atomicfile"
	"github.com/sparekey/sparekey/vault"
)

// childEnv, set to 1, makes this program (or its test binary) a child.
const childEnv = "SPAREKEY_CRASHLOOP_CHILD"

// The operations, by the name the parent and the tally use.
const (
	opBackup     = "backup-code sign-in"
	opTOTP       = "authenticator sign-in"
	opWrongPW    = "failed try (wrong password)"
	opWrongCode  = "failed try (wrong code)"
	opRegenerate = "regenerate codes"
	opChangePW   = "change password"
	opReset      = "reset authenticator"
	opNotes      = "save private notes"
)

var ops = []string{opBackup, opTOTP, opWrongPW, opWrongCode, opRegenerate, opChangePW, opReset, opNotes}

// request is what the parent asks of a child, on its stdin (so no
// password or code shows in a process list).
type request struct {
	Dir, Service, ID string
	Op               string
	Now              time.Time // the child's clock, which stands still
	Password         string    // the current one, or the wrong one
	NewPassword      string    // change password
	Code             string    // the backup, authenticator or wrong code of a sign-in
	Prep             string    // the authenticator code that signs in first, for a change
	Notes            string    // save private notes
}

// Journal lines.
const (
	jReady     = "ready"           // the store is open (and signed in, for a change): the op begins
	jKRBegin   = "keyring-write"   // a keyring write begins
	jKREnd     = "keyring-written" // and returned
	jFile      = "file "           // + step and file kind: a step of a file write begins
	jSecret    = "secret "         // + the new authenticator secret of a reset
	jEndOK     = "end ok"          // the operation returned as it should
	jEndFailed = "end unexpected " // + the error: it returned otherwise
)

// journal writes one line per event, unbuffered, so a line the parent
// reads was written before the step it names began.
type journal struct {
	mu sync.Mutex
	w  io.Writer
}

func (j *journal) line(s string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fmt.Fprintln(j.w, s)
}

// journalKeyring is the real keyring, with each write journaled.
type journalKeyring struct {
	vault.Keyring
	j *journal
}

func (k journalKeyring) Set(service, user, secret string) error {
	k.j.line(jKRBegin)
	err := k.Keyring.Set(service, user, secret)
	k.j.line(jKREnd)
	return err
}

// storeOptions are the options of every store the harness opens: the real
// keyring under a test service, a clock that says now, and the tests'
// cheap key derivation.
func storeOptions(service string, kr vault.Keyring, now func() time.Time) vault.Options {
	return vault.Options{
		Keyring: kr, Service: service, Now: now, KeyringTimeout: 20 * time.Second,
		KDF: vault.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1},
	}
}

func childMain(in io.Reader, out io.Writer) int {
	var req request
	if err := json.NewDecoder(in).Decode(&req); err != nil {
		fmt.Fprintln(out, jEndFailed+"read request: "+err.Error())
		return 2
	}
	j := &journal{w: out}
	atomicfile.TestHookStep = func(step, path string) error {
		j.line(jFile + step + " " + strings.TrimPrefix(filepath.Ext(path), "."))
		return nil
	}
	if err := childOp(req, j); err != nil {
		j.line(jEndFailed + err.Error())
		return 1
	}
	j.line(jEndOK)
	return 0
}

// childOp performs req's operation; it returns an error when the
// operation did not end as it should without a kill.
func childOp(req request, j *journal) error {
	kr := journalKeyring{vault.SystemKeyring{}, j}
	s, err := vault.Open(req.Dir, storeOptions(req.Service, kr, func() time.Time { return req.Now }))
	if err != nil {
		return err
	}
	defer s.Close()
	signedIn := func() (*vault.Account, error) {
		a, err := s.Unlock(req.ID, req.Password)
		if err != nil {
			return nil, err
		}
		_, err = a.VerifySecondFactor(req.Prep)
		return a, err
	}
	switch req.Op {
	case opBackup, opTOTP:
		j.line(jReady)
		a, err := s.Unlock(req.ID, req.Password)
		if err != nil {
			return err
		}
		_, err = a.VerifySecondFactor(req.Code)
		return err
	case opWrongPW:
		j.line(jReady)
		if _, err := s.Unlock(req.ID, req.Password); !errors.Is(err, vault.ErrWrongPassword) {
			return fmt.Errorf("a wrong password gives %v", err)
		}
		return nil
	case opWrongCode:
		j.line(jReady)
		a, err := s.Unlock(req.ID, req.Password)
		if err != nil {
			return err
		}
		if _, err := a.VerifySecondFactor(req.Code); !errors.Is(err, vault.ErrWrongCode) {
			return fmt.Errorf("a wrong code gives %v", err)
		}
		return nil
	}
	a, err := signedIn()
	if err != nil {
		return fmt.Errorf("sign in before the change: %w", err)
	}
	j.line(jReady)
	switch req.Op {
	case opRegenerate:
		_, err = a.RegenerateCodes()
		return err
	case opChangePW:
		return a.ChangePassword(req.Password, req.NewPassword)
	case opNotes:
		return a.SetNotes(req.Notes)
	case opReset:
		en, err := a.BeginEnrolment()
		if err != nil {
			return err
		}
		j.line(jSecret + en.Secret)
		c, err := totpCode(en.Secret, req.Now)
		if err != nil {
			return err
		}
		return a.ConfirmEnrolment(c)
	}
	return fmt.Errorf("unknown operation %q", req.Op)
}
