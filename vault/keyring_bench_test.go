package vault_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// timedKeyring counts the writes that reach a keyring and the time they
// take.
type timedKeyring struct {
	vault.Keyring
	sets atomic.Int64
	took atomic.Int64 // nanoseconds
}

func (k *timedKeyring) Set(service, user, secret string) error {
	start := time.Now()
	err := k.Keyring.Set(service, user, secret)
	k.took.Add(int64(time.Since(start)))
	k.sets.Add(1)
	return err
}

// BenchmarkSignInSecretService signs in (password, then an authenticator
// code) against the session's real Secret Service, and reports how many
// keyring writes a sign-in makes and the time they add. It runs where
// TestSecretServiceFlow does (SPAREKEY_TEST_SECRET_SERVICE=1).
func BenchmarkSignInSecretService(b *testing.B) {
	service := realKeyring(b)
	kr := &timedKeyring{Keyring: vault.SystemKeyring{}}
	clk := newClock()
	s, err := openStore(b, b.TempDir(), kr, clk, func(o *vault.Options) { o.Service = service })
	if err != nil {
		b.Fatal(err)
	}
	e := &env{clk: clk, store: s}
	id, secret := e.setUpID(b, "alice")
	b.Cleanup(func() { s.Delete(id) })
	kr.sets.Store(0)
	kr.took.Store(0)
	b.ResetTimer()
	for range b.N {
		e.signIn(b, id, secret).Close()
	}
	b.ReportMetric(float64(kr.sets.Load())/float64(b.N), "keyring-writes/op")
	b.ReportMetric(float64(kr.took.Load())/float64(b.N)/1e6, "keyring-ms/op")
}
