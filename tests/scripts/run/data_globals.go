// Package-level structs, arrays, slices and maps, initialised in
// dependency order.
package main

type Config struct {
	Name  string
	Sizes []int
}

var cfg = Config{Name: "c", Sizes: sizes}
var sizes = []int{1, 2, 3}
var table [4]string
var index = map[string]int{"a": 1}
var origin struct{ X, Y int }

func init() {
	table[2] = "two"
	index["b"] = 2
}

func main() {
	println(cfg.Name, len(cfg.Sizes), cfg.Sizes[2])
	cfg.Sizes[0] = 10
	println(sizes[0])
	println(table[2], len(index), index["b"])
	origin.X = 5
	o := origin
	o.Y = 1
	println(origin.X, origin.Y, o.Y)
}

// Output:
// c 3 3
// 10
// two 2 2
// 5 0 1
