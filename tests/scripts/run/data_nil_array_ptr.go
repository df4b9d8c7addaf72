// Indexing through a nil pointer to an array panics.
package main

func main() {
	var p *[3]int
	println(len(p))
	for i := range p {
		print(i)
	}
	println()
	p[1] = 2
}

// Output:
// 3
// 012
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.main()
// 	data_nil_array_ptr.go:11
// Exit: 2
