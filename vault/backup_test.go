package vault_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
	"github.com/sparekey/sparekey/vault/codes"
)

// typo changes the symbol at position i (of the canonical form) of a
// display-form code to another symbol of the alphabet.
func typo(t *testing.T, display string, i, shift int) string {
	t.Helper()
	c := []byte(strings.ReplaceAll(display, "-", ""))
	j := strings.IndexByte(codes.Alphabet, c[i])
	c[i] = codes.Alphabet[(j+shift)%len(codes.Alphabet)]
	return codes.Format(string(c))
}

func TestBackupCodeSignIn(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	cs := e.sets[id]
	if len(cs.Codes) != 10 || cs.Left() != 10 || !cs.Acknowledged || !cs.Created.Equal(e.clk.now().Add(-30*time.Second)) {
		t.Fatalf("first set: %d codes, %d left, acknowledged %v, created %v", len(cs.Codes), cs.Left(), cs.Acknowledged, cs.Created)
	}
	seen := map[string]bool{}
	for _, c := range cs.Codes {
		if len(c.Text) != 19 || seen[c.Text] {
			t.Errorf("code %q: wrong shape or repeated", c.Text)
		}
		seen[c.Text] = true
		if _, err := codes.Parse(c.Text); err != nil {
			t.Errorf("code %q does not parse: %v", c.Text, err)
		}
	}
	// Input forms people type: lower case, no dashes, spaces, O for 0.
	in := strings.ToLower(strings.ReplaceAll(cs.Codes[3].Text, "-", " "))
	in = strings.ReplaceAll(in, "0", "o")
	sf, err := a.VerifySecondFactor(in)
	if err != nil || sf.Factor != vault.FactorBackupCode || sf.CodesLeft != 9 {
		t.Fatalf("backup code typed as %q: %+v, %v", in, sf, err)
	}
	got := a.Codes()
	if got.Codes[3].Used != e.clk.now() || got.Left() != 9 || len(got.Active()) != 9 {
		t.Errorf("after use: used %v, %d left", got.Codes[3].Used, got.Left())
	}
	found := false
	for _, ev := range a.Events() {
		found = found || ev.Kind == vault.EventBackupCodeUsed && ev.Detail == "9 left" && ev.Time == e.clk.now()
	}
	if !found {
		t.Errorf("no backup-code-used event with detail \"9 left\" in %+v", a.Events())
	}
}

// TestBackupCodeTypoDoesNotCount: ten typos (each a real code with one
// symbol changed) and ten malformed inputs never lock the account.
func TestBackupCodeTypoDoesNotCount(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	cs := e.sets[id]
	for i := range 10 {
		in := typo(t, cs.Codes[i].Text, (i*7)%16, 1+i)
		if _, err := a.VerifySecondFactor(in); !errors.Is(err, vault.ErrTypo) {
			t.Fatalf("typo %q of %q: %v, want ErrTypo", in, cs.Codes[i].Text, err)
		}
	}
	for _, in := range []string{"", "12345", "1234567", "abc", "ABCD-EFGH-JKMN-PQR", "ABCD-EFGH-JKMN-PQRST",
		"UUUU-UUUU-UUUU-UUUU", "ABCD-EFGH-JKMN-PQR!", "ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ-ＰＱＲＳ", "12 34 5x"} {
		if _, err := a.VerifySecondFactor(in); !errors.Is(err, vault.ErrMalformedCode) {
			t.Fatalf("malformed %q: %v, want ErrMalformedCode", in, err)
		}
	}
	sf, err := a.VerifySecondFactor(code(t, secret, e.clk.now()))
	if err != nil {
		t.Fatalf("sign-in after 20 non-tries: %v", err)
	}
	if sf.CodesLeft != 10 {
		t.Errorf("typos spent codes: %d left", sf.CodesLeft)
	}
	// And none of them was recorded as a try: 4 wrong passwords now do
	// not lock.
	for i := range 4 {
		e.clk.advance(time.Second)
		if _, err := e.store.Unlock(id, badPassword); errors.Is(err, vault.ErrLockedOut) {
			t.Fatalf("locked out after %d wrong passwords", i+1)
		}
	}
}

func TestBackupCodeUsedAndReplaced(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	sets := []vault.CodeSet{e.sets[id]}
	if _, err := a.VerifySecondFactor(sets[0].Codes[0].Text); err != nil {
		t.Fatal(err)
	}
	if _, err := a.VerifySecondFactor(sets[0].Codes[0].Text); !errors.Is(err, vault.ErrCodeUsed) {
		t.Fatalf("used code: %v, want ErrCodeUsed", err)
	}
	// Time forgives no failure; a complete sign-in does.
	if _, err := a.VerifySecondFactor(sets[0].Codes[1].Text); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		cs, err := a.RegenerateCodes()
		if err != nil {
			t.Fatal(err)
		}
		if cs.Acknowledged || cs.Left() != 10 || a.Stage() != vault.StageCodes {
			t.Fatalf("new set: acknowledged %v, %d left, stage %v", cs.Acknowledged, cs.Left(), a.Stage())
		}
		sets = append(sets, cs)
	}
	e.reopen(t) // the fingerprints are stored, not just kept in memory
	a, err = e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	// sets[4] is current; sets[1..3] are the three remembered; sets[0]
	// was replaced four sets ago.
	for i, want := range []error{vault.ErrWrongCode, vault.ErrCodeReplaced, vault.ErrCodeReplaced, vault.ErrCodeReplaced} {
		_, err := a.VerifySecondFactor(sets[i].Codes[5].Text)
		if !errors.Is(err, want) || errors.Is(err, vault.ErrLockedOut) {
			t.Fatalf("code of set %d: %v, want %v", i, err, want)
		}
	}
	// Those four counted as tries: the fifth locks.
	_, err = a.VerifySecondFactor(sets[0].Codes[0].Text)
	if !errors.Is(err, vault.ErrCodeUsed) && !errors.Is(err, vault.ErrWrongCode) {
		t.Fatalf("fifth try: %v", err)
	}
	lockedOut(t, err)
	e.clk.advance(31 * time.Second)
	if sf, err := a.VerifySecondFactor(sets[4].Codes[9].Text); err != nil || sf.CodesLeft != 9 {
		t.Fatalf("code of the current set: %+v, %v", sf, err)
	}
}

func TestAcknowledgeCodes(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	if _, err := a.RegenerateCodes(); err != nil {
		t.Fatal(err)
	}
	e.reopen(t)
	a = e.signIn(t, id, secret)
	if a.Stage() != vault.StageCodes {
		t.Fatalf("stage after regenerate and restart: %v, want StageCodes", a.Stage())
	}
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatal(err)
	}
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatalf("second acknowledgement: %v", err)
	}
	if a.Stage() != vault.StageReady || !a.Codes().Acknowledged {
		t.Errorf("stage %v after acknowledging", a.Stage())
	}
}
