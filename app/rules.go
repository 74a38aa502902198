package app

import "crypto/subtle"

// CheckRepeat is the rule that a new password typed twice must be the
// same both times: ErrPasswordsDiffer when it is not. Every form that asks
// for a new password twice, and every app method that takes one, uses it.
func CheckRepeat(password, repeat string) error {
	if subtle.ConstantTimeCompare([]byte(password), []byte(repeat)) != 1 {
		return ErrPasswordsDiffer
	}
	return nil
}
