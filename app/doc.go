// Package app is Sparekey's application layer: the use cases the screens
// call (create an account, enrol an authenticator, sign in with two
// factors, re-authenticate for "sudo mode", show, print, save and
// regenerate backup codes, change the password, reset the authenticator,
// remove an account, read the activity log).
//
// It owns the session state so the screens hold none, and it takes an
// injected clock so every rule about time can be tested. Each method that
// touches the vault, the keyring, the disk or a printer blocks until done;
// the screens call those from a goroutine. It imports no GUI toolkit.
package app
