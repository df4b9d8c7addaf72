// fmt prints a time.Duration through its String method, also as an
// exported field of a struct, an element of a slice or a map value; an
// unexported field prints as its integer, as in Go.
package main

import (
	"fmt"
	"time"
)

type job struct {
	Name    string
	Timeout time.Duration
	retry   time.Duration
}

func main() {
	j := job{"fetch", 1500 * time.Millisecond, 2 * time.Second}
	fmt.Println(j)
	fmt.Printf("%v %+v\n", j, j)
	fmt.Println([]time.Duration{time.Microsecond, 90 * time.Minute})
	fmt.Println(map[string]time.Duration{"a": time.Hour})
	p := &j
	fmt.Println(p.Timeout, *p)
	var s fmt.Stringer = time.Duration(0)
	fmt.Println(s)
}

// Output:
// {fetch 1.5s 2000000000}
// {fetch 1.5s 2000000000} {Name:fetch Timeout:1.5s retry:2000000000}
// [1µs 1h30m0s]
// map[a:1h0m0s]
// 1.5s {fetch 1.5s 2000000000}
// 0s
