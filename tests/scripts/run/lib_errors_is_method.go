// errors.Is asks an Is(error) bool method on each error of the chain, as
// Go's errors package does.
package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

type codeErr struct{ code int }

func (e codeErr) Error() string { return fmt.Sprint("code ", e.code) }

// Is matches any codeErr with the same code, and ErrNotFound for 404.
func (e codeErr) Is(target error) bool {
	if t, ok := target.(codeErr); ok {
		return t.code == e.code
	}
	return e.code == 404 && target == ErrNotFound
}

func main() {
	err := fmt.Errorf("lookup: %w", codeErr{404})
	fmt.Println(errors.Is(err, ErrNotFound))
	fmt.Println(errors.Is(err, codeErr{404}))
	fmt.Println(errors.Is(err, codeErr{500}))
	fmt.Println(errors.Is(codeErr{500}, ErrNotFound))
	fmt.Println(errors.Is(nil, ErrNotFound), errors.Is(nil, nil))
}

// Output:
// true
// true
// false
// false
// false true
