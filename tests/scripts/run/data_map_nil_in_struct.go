// A struct's map field starts nil: reading works, writing panics.
package main

type Index struct {
	byName map[string]int
}

func main() {
	var ix Index
	println(ix.byName["x"], len(ix.byName))
	ix.byName["x"] = 1
}

// Output:
// 0 0
// panic: assignment to entry in nil map
//
// goroutine 1 [running]:
// main.main()
// 	data_map_nil_in_struct.go:11
// Exit: 2
