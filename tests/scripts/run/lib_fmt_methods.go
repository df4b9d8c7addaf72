// fmt and methods: Stringer and error values print through their
// methods (also inside slices, maps and structs), %T of them, Errorf
// with %w, and nil receivers.
package main

import (
	"errors"
	"fmt"
)

type color int

func (c color) String() string {
	switch c {
	case 0:
		return "red"
	case 1:
		return "green"
	}
	return fmt.Sprintf("color(%d)", int(c))
}

type temp struct{ deg float64 }

func (t *temp) String() string { return fmt.Sprintf("%.1f°", t.deg) }

type myErr struct {
	op   string
	code int
}

func (e *myErr) Error() string { return fmt.Sprintf("%s failed: code %d", e.op, e.code) }

type pair struct {
	C color
	N int
}

type both int

func (both) String() string { return "string" }
func (both) Error() string  { return "error" }

func find(k string) error {
	if k == "" {
		return &myErr{"find", 7}
	}
	return nil
}

func main() {
	fmt.Println(color(0), color(1), color(5))
	fmt.Printf("%v %s %d %q %x\n", color(1), color(1), color(1), color(1), color(1))
	fmt.Println([]color{0, 1, 2}, map[color]int{1: 10, 0: 5})
	fmt.Printf("%v %+v\n", pair{1, 2}, pair{0, 3})
	t := &temp{21.55}
	fmt.Println(t, temp{3})
	fmt.Printf("%v %s\n", t, []*temp{t})
	err := find("")
	fmt.Println(err)
	fmt.Printf("%v|%s|%q|%T\n", err, err, err, err)
	fmt.Println(find("x") == nil, find("x"))
	e1 := errors.New("base")
	fmt.Printf("%v %T\n", e1, e1)
	e2 := fmt.Errorf("wrap %d: %w", 1, e1)
	fmt.Println(e2, errors.Unwrap(e2) == e1, errors.Is(e2, e1))
	fmt.Printf("%T\n", e2)
	e3 := fmt.Errorf("plain %v", e1)
	fmt.Println(e3, errors.Unwrap(e3) == nil, errors.Is(e3, e1))
	e4 := fmt.Errorf("deep: %w", e2)
	fmt.Println(e4, errors.Is(e4, e1), errors.Unwrap(errors.Unwrap(e4)) == e1)
	fmt.Println(both(1))
	fmt.Printf("%v %s %d\n", both(2), both(3), both(4))
	var pe *myErr
	var ie error = pe
	fmt.Println(ie == nil, pe == nil)
	var np *temp
	fmt.Println(fmt.Sprint(np) != "")
	fmt.Println(fmt.Sprintf("%v", []error{e1, nil}))
	fmt.Printf("%5s|%-7v|\n", color(0), color(1))
	fmt.Printf("%!|%z|%d\n", 1)
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", 1, 2)
	fmt.Println(fmt.Sprintf("%[2]d %[1]d", 1, 2))
	fmt.Println(fmt.Sprintf("no verbs"), fmt.Sprintf("%%"))
}

// Output:
// red green color(5)
// green green 1 "green" 677265656e
// [red green color(2)] map[red:5 green:10]
// {green 2} {C:red N:3}
// 21.6° {3}
// 21.6° [21.6°]
// find failed: code 7
// find failed: code 7|find failed: code 7|"find failed: code 7"|*main.myErr
// true <nil>
// base *errors.errorString
// wrap 1: base true true
// *fmt.wrapError
// plain base true false
// deep: wrap 1: base true true
// error
// error error 4
// false true
// true
// [base <nil>]
//   red|green  |
// %!!(int=1)|%!z(MISSING)|%!d(MISSING)
// 1 %!d(MISSING)
// 1
// %!(EXTRA int=2)2 1
// no verbs %
