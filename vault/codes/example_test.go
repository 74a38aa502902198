package codes_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/sparekey/sparekey/vault/codes"
)

// Real callers pass nil (crypto/rand); the examples use a fixed seed so
// their output does not change.
var exampleSeed = [32]byte{'s', 'p', 'a', 'r', 'e', 'k', 'e', 'y'}

func ExampleNew() {
	code, err := codes.New(rand.NewChaCha8(exampleSeed))
	if err != nil {
		panic(err)
	}
	fmt.Println(code)
	fmt.Println(codes.Format(code))
	// Output:
	// YFYHG8TMKBSNY46F
	// YFYH-G8TM-KBSN-Y46F
}

func ExampleNewSet() {
	set, err := codes.NewSet(rand.NewChaCha8(exampleSeed))
	if err != nil {
		panic(err)
	}
	for _, c := range set[:3] {
		fmt.Println(codes.Format(c))
	}
	fmt.Println(len(set), "codes")
	// Output:
	// YFYH-G8TM-KBSN-Y46F
	// 4136-SKEW-5W6Y-SM0C
	// 70JM-YD18-HJ4P-4QWZ
	// 10 codes
}

func ExampleFormat() {
	fmt.Println(codes.Format("ZZZZZZZZZZZZZZZN"))
	// Output: ZZZZ-ZZZZ-ZZZZ-ZZZN
}

func ExampleParse() {
	for _, input := range []string{
		"zzzz zzzz zzzz zzzn", // as a person might type it
		"ZZZZ-ZZZZ-ZZZZ-ZZZM", // last symbol mistyped
		"ZZZZ-ZZZZ-ZZZZ-ZZNZ", // two symbols swapped
		"123456",              // a TOTP code, not a backup code
	} {
		code, err := codes.Parse(input)
		switch {
		case errors.Is(err, codes.ErrTypo):
			fmt.Printf("%q: typo, try again\n", input)
		case errors.Is(err, codes.ErrMalformed):
			fmt.Printf("%q: %v\n", input, err)
		default:
			fmt.Printf("%q: %s\n", input, code)
		}
	}
	// Output:
	// "zzzz zzzz zzzz zzzn": ZZZZZZZZZZZZZZZN
	// "ZZZZ-ZZZZ-ZZZZ-ZZZM": typo, try again
	// "ZZZZ-ZZZZ-ZZZZ-ZZNZ": typo, try again
	// "123456": not a backup code: it has 6 symbols, want 16
}

func ExampleNormalize() {
	fmt.Println(codes.Normalize("abcd efgh-ijkl\u2013mnop"))
	// Output: ABCDEFGH1JK1MN0P
}

func ExampleLooksLike() {
	for _, input := range []string{"123 456", "ABCD-EFGH-JKMN-PQRS"} {
		if codes.LooksLike(input) {
			fmt.Printf("%s: check as a backup code\n", input)
		} else {
			fmt.Printf("%s: check as an authenticator code\n", input)
		}
	}
	// Output:
	// 123 456: check as an authenticator code
	// ABCD-EFGH-JKMN-PQRS: check as a backup code
}
