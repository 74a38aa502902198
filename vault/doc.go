// Package vault is Sparekey's account store: it keeps each local account's
// password check, authenticator secret, backup codes, throttling state and
// security log, and it never imports a GUI toolkit.
//
// Each account lives in two files in the data directory, named by a random
// 128-bit ID: <id>.vault, whose plain header lists the account and whose body
// is encrypted, and <id>.throttle, the authenticated record of failed tries
// that must be readable before the password is known. The OS keyring holds,
// per account, a random device key and two write counters under the same ID.
//
// The vault key is K = HKDF(device key ‖ Argon2id(password, salt)). So the
// file alone, the password alone, or the keyring item alone opens nothing, and
// a wrong password, a wrong or missing keyring item and a damaged file are
// told apart: each has its own sentinel error, and only a wrong password (or
// a wrong second factor) counts as a failed try.
//
// An account opened with the password alone (Unlock) shows no codes or
// log and refuses every change until VerifySecondFactor succeeds; a new
// account (Create) is written only once its authenticator is confirmed.
//
// Every write is atomic and durable, bumps a counter kept both in the file and
// in the keyring item (so a restored older copy is refused as rolled back),
// and happens before the outcome it records is acted on. One process at a
// time uses a data directory, enforced with an OS file lock.
package vault
