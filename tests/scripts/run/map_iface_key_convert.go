// A key assignable to an interface key type is converted to it for
// m[k], m[k] = v, v, ok := m[k] and delete: constants and unhashable
// dynamic types (Go's runtime error) included.
package main

import "fmt"

func main() {
	m := map[interface{}]int{}
	k := []int{}
	m[1] = 5
	var s interface{} = "x"
	m[s] = 7
	fmt.Println(m[1], m["x"], m[2.5])
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		_ = m[k]
	}()
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		_, _ = m[k]
	}()
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		delete(m, k)
	}()
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		m[k] = 1
	}()
}

// Output:
// 5 7 0
// recovered: runtime error: hash of unhashable type []int
// recovered: runtime error: hash of unhashable type []int
// recovered: runtime error: hash of unhashable type []int
// recovered: runtime error: hash of unhashable type []int
