// Golden errors: checks that need every type of the package set up, which
// Go delays until the declarations are done (map keys, embedded pointers).

package main

type T *struct {
	T // ERROR "embedded field type cannot be a pointer"
}

type m map[k]int // ERROR "invalid map key type k"
type k [1]m

type P *int
type S struct {
	P // ERROR "embedded field type cannot be a pointer"
}

func main() {
	type lk func()
	type lm map[lk]bool // ERROR "invalid map key type lk"
	var _ lm
}
