// Command crashloop kills Sparekey's vault with SIGKILL at random instants
// of its real write paths, on the session's real Secret Service, and
// checks after every kill that nothing was lost, mixed or revived.
//
// Each run starts a child process (this program again) that opens the
// data directory and performs one operation the parent chose: a
// backup-code sign-in, an authenticator sign-in, a wrong password, a
// wrong authenticator code, a regeneration of the backup codes, a
// password change, an authenticator reset or a save of the private notes.
// The child prints a journal
// line before and after each keyring write and before each step of each
// file write. The parent kills it after a random delay, drawn from a
// seeded generator over the operation's measured duration, then opens the
// vault itself and checks: it opens with the password (the old or the new
// one, the new one alone once the change returned), it holds the old
// state or the new one in full (10 codes, never a mix, never none; the
// old notes or the new ones), no
// spent or replaced code and no used authenticator step is accepted
// again, a failed try that returned is remembered, a code of the standing
// set signs in, and no temp file is left once the vault is opened.
//
// It refuses to run outside a test session, so it never writes to a real
// person's keyring:
//
//	scripts/test.sh --session go run ./tools/crashloop -kills 1000
//
// The clock is the vault's injectable one (each authenticator code gets a
// fresh 30 s step without waiting), and the key derivation is the tests'
// cheap one: the write paths, not Argon2id, are under test.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	if os.Getenv(childEnv) == "1" {
		os.Exit(childMain(os.Stdin, os.Stdout))
	}
	kills := flag.Int("kills", 1000, "kills to land before stopping")
	seed := flag.Uint64("seed", 0, "seed of the kill delays and choices; 0 draws one from the clock")
	flag.Parse()
	if os.Getenv("SPAREKEY_TEST_SECRET_SERVICE") != "1" {
		fmt.Fprintln(os.Stderr, "crashloop writes to the session's Secret Service: run it in the test desktop,\n"+
			"  scripts/test.sh --session go run ./tools/crashloop -kills 1000")
		os.Exit(2)
	}
	if *seed == 0 {
		*seed = uint64(time.Now().UnixNano())
	}
	res, err := run(config{kills: *kills, seed: *seed, log: os.Stdout})
	res.print(os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashloop:", err)
		os.Exit(1)
	}
	if len(res.problems) > 0 {
		os.Exit(1)
	}
}
