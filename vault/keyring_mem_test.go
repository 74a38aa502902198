package vault_test

import (
	"sync"

	"github.com/sparekey/sparekey/vault"
)

// memKeyring is an in-memory keyring for unit tests. Failures of a real
// keyring are simulated by setting err (returned by every call) or block
// (every call waits on it).
type memKeyring struct {
	mu    sync.Mutex
	items map[string]string
	err   error
	block chan struct{}
	sets  int
}

func newMemKeyring() *memKeyring { return &memKeyring{items: map[string]string{}} }

func (m *memKeyring) wait() error {
	m.mu.Lock()
	b, err := m.block, m.err
	m.mu.Unlock()
	if b != nil {
		<-b
	}
	return err
}

func (m *memKeyring) Get(service, user string) (string, error) {
	if err := m.wait(); err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.items[service+"/"+user]
	if !ok {
		return "", vault.ErrKeyringNotFound
	}
	return v, nil
}

func (m *memKeyring) Set(service, user, secret string) error {
	if err := m.wait(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[service+"/"+user] = secret
	m.sets++
	return nil
}

func (m *memKeyring) Delete(service, user string) error {
	if err := m.wait(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[service+"/"+user]; !ok {
		return vault.ErrKeyringNotFound
	}
	delete(m.items, service+"/"+user)
	return nil
}

func (m *memKeyring) set(key, v string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[key] = v
}

func (m *memKeyring) snapshot() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]string{}
	for k, v := range m.items {
		out[k] = v
	}
	return out
}

// setCount is how many Set calls succeeded.
func (m *memKeyring) setCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sets
}
