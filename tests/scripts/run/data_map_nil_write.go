// Writing to a nil map panics.
package main

func main() {
	var m map[string]int
	println(m["x"], len(m))
	m["x"] = 1
}

// Output:
// 0 0
// panic: assignment to entry in nil map
//
// goroutine 1 [running]:
// main.main()
// 	data_map_nil_write.go:7
// Exit: 2
