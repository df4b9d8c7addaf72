// Indexing a string out of range panics with Go's message.
package main

func at(s string, i int) byte {
	return s[i]
}

func main() {
	println(at("abc", 2))
	println(at("abc", 5))
}

// Output:
// 99
// panic: runtime error: index out of range [5] with length 3
//
// goroutine 1 [running]:
// main.at(...)
// 	string_index_oob.go:5
// main.main()
// 	string_index_oob.go:10
// Exit: 2
