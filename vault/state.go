package vault

import (
	"fmt"
	"slices"
	"time"
)

// The keyring item's security state (DESIGN §3, revised) is kept as
// fingerprints and bits, so it stays small and names no secret. Each
// fingerprint is an HMAC under a key derived from the device key alone,
// so the state can be checked before the password is known.
const (
	infoSetID      = "sparekey v2 code set id"
	infoSecretFP   = "sparekey v2 authenticator secret fingerprint"
	infoPasswordFP = "sparekey v2 password check fingerprint"
)

func (it *item) fingerprint(info string, parts ...[]byte) (fp [16]byte) {
	k := deviceSubkey(it.deviceKey[:], info)
	defer clear(k)
	copy(fp[:], mac(k, parts...))
	return fp
}

func (it *item) passwordFP(check []byte) [16]byte { return it.fingerprint(infoPasswordFP, check) }

func (it *item) secretFP(secret string) [16]byte {
	return it.fingerprint(infoSecretFP, []byte(secret))
}

// nameSet names a backup-code set by its codes, which are random.
func (it *item) nameSet(cs *codeSet) (id [8]byte) {
	parts := make([][]byte, 0, 2*len(cs.Codes))
	for _, c := range cs.Codes {
		parts = append(parts, []byte(c.Code), []byte{0})
	}
	fp := it.fingerprint(infoSetID, parts...)
	copy(id[:], fp[:])
	return id
}

// spentBits has bit i set when code i of the set is spent. A set has 10
// codes; the item has room for 16.
func spentBits(cs *codeSet) uint16 {
	var b uint16
	for i, c := range cs.Codes {
		if i < 16 && !c.Used.IsZero() {
			b |= 1 << i
		}
	}
	return b
}

// nextItem is the keyring item the account's state in memory calls for:
// its counters as they are, its security state from the body and the key.
// While the file on disk has another password check value or secret than
// memory, that one stays accepted too (see item.pwPrev and item.setPrev).
func (a *Account) nextItem() item {
	n := *a.item
	st := a.body.TOTP
	if st == nil {
		return n
	}
	n.stateKnown = true
	n.setID, n.spent = [8]byte{}, 0
	if cs := a.body.Codes; cs != nil {
		n.setID, n.spent = n.nameSet(cs), spentBits(cs)
	}
	n.lastStep = max(n.lastStep, st.LastStep)
	n.totpFP = n.secretFP(st.Secret)
	n.pwFP = n.passwordFP(passwordCheckValue(a.key, FormatVersion))
	n.pwPrev, n.totpPrev = [16]byte{}, [16]byte{}
	n.setPrev, n.spentPrev = [8]byte{}, 0
	if a.diskPW != ([16]byte{}) && a.diskPW != n.pwFP {
		n.pwPrev = a.diskPW
	}
	if a.diskSecret != ([16]byte{}) && a.diskSecret != n.totpFP {
		n.totpPrev = a.diskSecret
	}
	if a.diskSet != ([8]byte{}) && a.diskSet != n.setID {
		n.setPrev, n.spentPrev = a.diskSet, a.diskSpent
	}
	return n
}

// applyItem brings the keyring item's security state into the body, where
// the file is behind it (a crash between the two writes, or an older copy
// put back): a code the item says is spent is spent, a newer time step
// stands, and a set the item does not name is a replaced set. It returns
// what it changed, for the activity log. The caller holds s.mu.
func (a *Account) applyItem(now time.Time) (applied []string) {
	it, st := a.item, a.body.TOTP
	if !it.stateKnown || st == nil {
		return nil
	}
	if it.lastStep > st.LastStep {
		ns := *st
		ns.LastStep = it.lastStep
		a.body.TOTP = &ns
		applied = append(applied, "an authenticator code used since")
	}
	cs := a.body.Codes
	if cs == nil || it.setID == ([8]byte{}) {
		return applied
	}
	spent := it.spent
	switch name := it.nameSet(cs); {
	case name == it.setID:
	case it.setPrev != ([8]byte{}) && name == it.setPrev:
		// A regeneration did not reach the file: the new set was never
		// shown, and this one, still on disk, stays current.
		spent = it.spentPrev
		applied = append(applied, "a new set of backup codes that was never stored is dropped")
	default:
		// The item names a newer set, which this file never held: its
		// codes are gone, and this one's are cancelled.
		a.replaceSet(now)
		a.body.Codes = &codeSet{Created: now, Acknowledged: true}
		return append(applied, "the backup codes replaced since")
	}
	ns := *cs
	ns.Codes = slices.Clone(cs.Codes)
	n := 0
	for i := range ns.Codes {
		if i < 16 && spent&(1<<i) != 0 && ns.Codes[i].Used.IsZero() {
			ns.Codes[i].Used = now
			n++
		}
	}
	if n > 0 {
		a.body.Codes = &ns
		applied = append(applied, fmt.Sprintf("%d backup codes used since", n))
	}
	return applied
}

// replaceSet moves the current set to the replaced ones, as fingerprints.
func (a *Account) replaceSet(now time.Time) {
	prev := a.body.Codes
	if prev == nil || len(prev.Codes) == 0 {
		return
	}
	r := replacedSet{Created: prev.Created, Replaced: now}
	for _, c := range prev.Codes {
		r.Fingerprints = append(r.Fingerprints, a.fingerprint(c.Code))
	}
	a.body.Replaced = append(slices.Clone(a.body.Replaced), r)
	if n := len(a.body.Replaced); n > keptReplacedSets {
		a.body.Replaced = a.body.Replaced[n-keptReplacedSets:]
	}
}
