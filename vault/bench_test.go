package vault_test

import (
	"os"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// onKeyrings runs bench twice: against the in-memory keyring ("mock"),
// and against the session's real Secret Service ("secret-service"), where
// the test desktop has one (SPAREKEY_TEST_SECRET_SERVICE=1; otherwise that
// half is skipped, as TestSecretServiceFlow is). Both report the keyring
// writes an operation makes and the time they take, so the cost of a
// D-Bus round trip to gnome-keyring shows beside the rest.
// bench gets an account (id, its authenticator secret) and calls start
// when its loop begins: the timer and the keyring's counters start there.
func onKeyrings(b *testing.B, kdf vault.KDFParams, bench func(b *testing.B, e *env, id, secret string, start func())) {
	for _, real := range []bool{false, true} {
		name := "keyring=mock"
		if real {
			name = "keyring=secret-service"
		}
		b.Run(name, func(b *testing.B) {
			if real && os.Getenv("SPAREKEY_TEST_SECRET_SERVICE") != "1" {
				b.Skip("set SPAREKEY_TEST_SECRET_SERVICE=1 (scripts/test.sh --session does) for the real Secret Service")
			}
			e := &env{dir: b.TempDir(), kr: newMemKeyring(), clk: newClock()}
			kr := &timedKeyring{Keyring: e.kr}
			service := testService
			if real {
				kr.Keyring, service = vault.SystemKeyring{}, realKeyring(b)
			}
			s, err := openStore(b, e.dir, kr, e.clk, func(o *vault.Options) { o.KDF, o.Service = kdf, service })
			if err != nil {
				b.Fatal(err)
			}
			e.store = s
			if real {
				b.Cleanup(func() {
					for id := range e.sets {
						s.Delete(id)
					}
				})
			}
			id, secret := e.setUpID(b, "alice")
			bench(b, e, id, secret, func() {
				kr.sets.Store(0)
				kr.took.Store(0)
				b.ResetTimer()
			})
			b.ReportMetric(float64(kr.sets.Load())/float64(b.N), "keyring-writes/op")
			b.ReportMetric(float64(kr.took.Load())/float64(b.N)/1e6, "keyring-ms/op")
		})
	}
}

// BenchmarkUnlock opens a vault with the password, with the real Argon2id
// cost (vault.DefaultKDF): what a person waits for at sign-in.
func BenchmarkUnlock(b *testing.B) {
	onKeyrings(b, vault.DefaultKDF, func(b *testing.B, e *env, id, secret string, start func()) {
		start()
		for range b.N {
			a, err := e.store.Unlock(id, pw)
			if err != nil {
				b.Fatal(err)
			}
			a.Close()
		}
	})
}

// BenchmarkVerifyTOTP signs in with an authenticator code: every try
// needs a fresh time step, so the clock moves 30 s per iteration.
func BenchmarkVerifyTOTP(b *testing.B) {
	onKeyrings(b, testKDF, func(b *testing.B, e *env, id, secret string, start func()) {
		a, err := e.store.Unlock(id, pw)
		if err != nil {
			b.Fatal(err)
		}
		start()
		for range b.N {
			b.StopTimer()
			e.clk.advance(30 * time.Second)
			c := code(b, secret, e.clk.now())
			b.StartTimer()
			if _, err := a.VerifySecondFactor(c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVerifyBackupCode signs in with a backup code; a new set is made
// (off the clock, and its keyring writes counted) when one runs out.
func BenchmarkVerifyBackupCode(b *testing.B) {
	onKeyrings(b, testKDF, func(b *testing.B, e *env, id, secret string, start func()) {
		a, err := e.store.Unlock(id, pw)
		if err != nil {
			b.Fatal(err)
		}
		// The first code signs in; the set is renewed only after that.
		active := e.sets[id].Active()
		start()
		for range b.N {
			b.StopTimer()
			if len(active) == 0 {
				cs, err := a.RegenerateCodes()
				if err != nil {
					b.Fatal(err)
				}
				active = cs.Active()
			}
			b.StartTimer()
			if _, err := a.VerifySecondFactor(active[0]); err != nil {
				b.Fatal(err)
			}
			active = active[1:]
		}
	})
}

// BenchmarkRegenerateCodes makes a new set and writes it durably.
func BenchmarkRegenerateCodes(b *testing.B) {
	onKeyrings(b, testKDF, func(b *testing.B, e *env, id, secret string, start func()) {
		a := e.signIn(b, id, secret)
		start()
		for range b.N {
			if _, err := a.RegenerateCodes(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
