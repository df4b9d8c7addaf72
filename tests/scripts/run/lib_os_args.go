// os.Args: the program's path first (Go: the binary's), then its
// arguments (none here).
package main

import (
	"os"
	"strings"
)

func main() {
	println(len(os.Args))
	a := os.Args
	println(len(a[0]) > 0, strings.HasSuffix(a[0], "lib_os_args.go") || strings.Contains(a[0], "lib_os_args"))
	for i := 1; i < len(os.Args); i++ {
		println("arg", os.Args[i])
	}
	os.Exit(len(a) + 6)
}

// Output:
// 1
// true true
// Exit: 7
