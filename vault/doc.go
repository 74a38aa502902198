// Package vault is Sparekey's account store: it keeps each local account's
// password check, authenticator secret, backup codes, throttling state,
// security log and private notes, and it never imports a GUI toolkit.
//
// Each account lives in two files in the data directory, named by a random
// 128-bit ID: <id>.vault, whose plain header lists the account and whose body
// is encrypted, and <id>.throttle, the authenticated record of failed tries
// that must be readable before the password is known. The OS keyring holds,
// per account, one small item under the same ID: a random device key, the
// write counters of both files, and the security state that an older copy
// of a file must not undo — the current backup-code set's ID and spent
// bits, the last accepted authenticator step, fingerprints of the
// authenticator secret and of the password check value, and the count of
// consecutive failed tries with the lockout.
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
// Every write is atomic and durable and happens before the outcome it
// records is acted on. A change to the security state goes to the keyring
// item first, then to the file; at open the item's state wins. So a file
// left behind by a crash between the two writes, or restored from a
// backup, opens with spent codes spent, a replaced set replaced and used
// steps used (and the log says so); only a file from before a password
// change or an authenticator reset is refused (ErrRolledBackPassword,
// ErrRolledBackAuthenticator). Items and files of earlier versions are
// read, and rewritten in the current form at the next write. One process
// at a time uses a data directory, enforced with an OS file lock.
package vault
