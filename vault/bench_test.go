package vault_test

import (
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// BenchmarkUnlock opens a vault with the password, with the real Argon2id
// cost (vault.DefaultKDF): what a person waits for at sign-in.
func BenchmarkUnlock(b *testing.B) {
	e := &env{dir: b.TempDir(), kr: newMemKeyring(), clk: newClock()}
	s, err := openStore(b, e.dir, e.kr, e.clk, func(o *vault.Options) { o.KDF = vault.DefaultKDF })
	if err != nil {
		b.Fatal(err)
	}
	e.store = s
	id, _ := e.setUpID(b, "alice")
	b.ResetTimer()
	for range b.N {
		a, err := s.Unlock(id, pw)
		if err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
}

// BenchmarkVerifyTOTP signs in with an authenticator code: every try
// needs a fresh time step, so the clock moves 30 s per iteration.
func BenchmarkVerifyTOTP(b *testing.B) {
	e := newEnv(b)
	id, secret := e.setUpID(b, "alice")
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		e.clk.advance(30 * time.Second)
		c := code(b, secret, e.clk.now())
		b.StartTimer()
		if _, err := a.VerifySecondFactor(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyBackupCode signs in with a backup code; a new set is made
// (off the clock) when one runs out.
func BenchmarkVerifyBackupCode(b *testing.B) {
	e := newEnv(b)
	id, _ := e.setUpID(b, "alice")
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		b.Fatal(err)
	}
	var active []string
	b.ResetTimer()
	for range b.N {
		if len(active) == 0 {
			b.StopTimer()
			cs, err := a.RegenerateCodes()
			if err != nil {
				b.Fatal(err)
			}
			active = cs.Active()
			b.StartTimer()
		}
		if _, err := a.VerifySecondFactor(active[0]); err != nil {
			b.Fatal(err)
		}
		active = active[1:]
	}
}

// BenchmarkRegenerateCodes makes a new set and writes it durably.
func BenchmarkRegenerateCodes(b *testing.B) {
	e := newEnv(b)
	id, secret := e.setUpID(b, "alice")
	a := e.signIn(b, id, secret)
	b.ResetTimer()
	for range b.N {
		if _, err := a.RegenerateCodes(); err != nil {
			b.Fatal(err)
		}
	}
}
