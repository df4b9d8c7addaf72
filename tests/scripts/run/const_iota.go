// iota in const blocks: skipped values, expressions, typed constants
// with String methods, and untyped constant arithmetic beyond 64 bits.
package main

import "fmt"

type weekday int

const (
	sunday weekday = iota
	monday
	_
	wednesday
)

func (d weekday) String() string { return [...]string{"Sun", "Mon", "Tue", "Wed"}[d] }

const (
	kb = 1 << (10 * (iota + 1))
	mb
	gb
)

const huge = 1 << 100
const ratio = huge / (1 << 98)

func main() {
	fmt.Println(sunday, monday, wednesday, wednesday-monday)
	fmt.Printf("%d %v %T\n", wednesday, wednesday, wednesday)
	fmt.Println(kb, mb, gb, ratio, huge>>90)
	const c = 'a' + 1
	fmt.Println(c, string(rune(c)), 7/2, 7/2.0, -7%3, 7%-3)
}

// Output:
// Sun Mon Wed Tue
// 3 Wed main.weekday
// 1024 1048576 1073741824 4 1024
// 98 b 3 3.5 -1 1
