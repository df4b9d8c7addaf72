// recover in deferred methods (direct, through an interface), defer recover()
// (a no-op), panic(nil) and a recovered runtime.Error as a result.
package main

import (
	"errors"
	"fmt"
	"runtime"
)

type S struct{ n int }

func (s *S) Rec() { fmt.Println("method recover:", recover()) }

type R interface{ Rec() }

func a() {
	defer recover()
	panic("a")
}

func b() {
	var r R = &S{}
	defer r.Rec()
	panic("b")
}

func c() {
	s := &S{}
	defer s.Rec()
	panic("c")
}

func d() {
	defer func() { fmt.Println("nil panic recovered:", recover()) }()
	panic(nil)
}

func e() (err error) {
	defer func() {
		r := recover()
		if re, ok := r.(runtime.Error); ok {
			err = re
		}
	}()
	var p *S
	p.n = 1
	return errors.New("no")
}

func main() {
	func() {
		defer func() { fmt.Println("a outer:", recover()) }()
		a()
	}()
	b()
	c()
	d()
	fmt.Println(e())
}

// Output:
// a outer: a
// method recover: b
// method recover: c
// nil panic recovered: <nil>
// runtime error: invalid memory address or nil pointer dereference
