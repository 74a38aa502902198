package vault_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/sparekey/sparekey/vault"
)

func ExampleValidateName() {
	for _, name := range []string{"alice", "", "a/b", " bob"} {
		fmt.Printf("%q: %v\n", name, vault.ValidateName(name))
	}
	// Output:
	// "alice": <nil>
	// "": name is empty
	// "a/b": name contains one of / \ : * ? " < > |
	// " bob": name starts or ends with a space
}

func ExampleValidatePassword() {
	fmt.Println(vault.ValidatePassword("hunter2", "alice"))
	fmt.Println(vault.ValidatePassword("alice wonderland", "alice"))
	fmt.Println(vault.ValidatePassword("correct horse battery", "alice"))
	// Output:
	// password is shorter than 12 characters
	// password contains the username
	// <nil>
}

// A new account starts at the enrolment step; the authenticator comes
// next, then the backup codes. It is written once the authenticator is
// confirmed.
func ExampleStore_Create() {
	dir, err := os.MkdirTemp("", "sparekey-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	clk := newClock()
	store, err := vault.Open(dir, vault.Options{
		Keyring: newMemKeyring(), // a real program leaves this nil: the OS keyring
		Service: "sparekey-example",
		Now:     clk.now,
		KDF:     testKDF, // a real program leaves this zero: vault.DefaultKDF
	})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	a, err := store.Create("Example Corp", "alice", "correct horse battery")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Info().Username, a.Info().Site, a.Stage() == vault.StageEnrol)

	// Nothing is written until ConfirmEnrolment confirms the authenticator,
	// so an account abandoned now leaves nothing behind.
	infos, err := store.Accounts()
	fmt.Println(len(infos), err)
	// Output:
	// alice Example Corp true
	// 0 <nil>
}

func ExampleCodeSet_Left() {
	set := vault.CodeSet{Codes: []vault.Code{
		{Text: "0000-0000-0000-0000"},
		{Text: "1111-1111-1111-1111", Used: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)},
		{Text: "2222-2222-2222-2222"},
	}}
	fmt.Println(set.Left(), set.Active())
	// Output: 2 [0000-0000-0000-0000 2222-2222-2222-2222]
}

func ExampleLockedOutError() {
	err := error(&vault.LockedOutError{}) // as returned by Unlock
	var lo *vault.LockedOutError
	if errors.Is(err, vault.ErrLockedOut) && errors.As(err, &lo) {
		fmt.Println("locked out for", lo.Wait())
	}
	// Output: locked out for 0s
}
