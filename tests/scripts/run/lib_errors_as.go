package main

import (
	"errors"
	"fmt"
)

func main() {
	base := &myErr{code: 7}
	err := fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", base))
	var me *myErr
	fmt.Println(errors.As(err, &me), me.code)
	var ce coder
	fmt.Println(errors.As(err, &ce), ce.Code())
	var ve valErr
	fmt.Println(errors.As(err, &ve))
	err2 := fmt.Errorf("v: %w", valErr("bad"))
	fmt.Println(errors.As(err2, &ve), ve)
	var target error
	fmt.Println(errors.As(err2, &target), target)
	fmt.Println(errors.As(nil, &me))
}

type myErr struct{ code int }

func (e *myErr) Error() string { return fmt.Sprint("code ", e.code) }
func (e *myErr) Code() int     { return e.code }

type coder interface{ Code() int }

type valErr string

func (v valErr) Error() string {
	return string(v)
}

// Output:
// true 7
// true 7
// false
// true bad
// true v: bad
// false
