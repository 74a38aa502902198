package screens

import (
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/matrix"
)

// screenVariantCases are the inputs every layer shares
// (matrix.*Variants), typed into the windows.
func screenVariantCases() []smxCase {
	var cs []smxCase
	add := func(v matrix.Variant, changes bool, to string, act func(t *testing.T, m *smx) string) {
		c := matrix.FromVariant(v, act)
		if v.Want == matrix.Accepted {
			c.Changes, c.Sentence = changes, to
		}
		cs = append(cs, c)
	}
	for _, v := range matrix.BackupCodeVariants {
		add(v, true, toHome, func(t *testing.T, m *smx) string {
			got := m.second(v.Make(m.cur.Codes[4].Text))
			if got == toHome {
				m.Spent[4] = true
			}
			return got
		})
	}
	for _, v := range matrix.TOTPVariants {
		add(v, true, toHome, func(t *testing.T, m *smx) string {
			m.clk.Advance(30 * time.Second)
			return m.second(v.Make(m.code(0)))
		})
	}
	for _, v := range matrix.CodeSizes {
		add(v, true, toHome, func(t *testing.T, m *smx) string { return m.second(v.Make("")) })
	}
	for i, v := range matrix.TOTPSteps {
		add(v, true, toHome, func(t *testing.T, m *smx) string {
			m.clk.Advance(30 * time.Second)
			return m.second(m.code(matrix.Steps[i]))
		})
	}
	for _, v := range matrix.PasswordSizes {
		add(v, true, toHome, func(t *testing.T, m *smx) string { return m.signIn(v.Make("")) })
	}
	for _, v := range matrix.UsernameVariants {
		add(v, false, toEnrol, func(t *testing.T, m *smx) string {
			return m.create("Sparekey", v.Make(smxUser), testPassword, testPassword)
		})
	}
	for _, v := range matrix.SiteVariants {
		add(v, false, toEnrol, func(t *testing.T, m *smx) string {
			return m.create(v.Make("Sparekey"), "bob", testPassword, testPassword)
		})
	}
	return cs
}

// wrongSixDigits is a 6-digit code that no step t−1..t+1 gives.
func wrongSixDigits(m *smx) string {
	valid := map[string]bool{m.code(-1): true, m.code(0): true, m.code(1): true}
	for _, c := range []string{"000000", "111111", "222222"} {
		if !valid[c] {
			return c
		}
	}
	panic("no wrong code")
}
