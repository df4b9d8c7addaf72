// os.Args holds the program's arguments after its path (the runner
// passes the `// Args:` line), and os.Exit's status is the program's.
package main

import (
	"fmt"
	"os"
	"strings"
)

// Args: one "two words" 3

func main() {
	fmt.Println(len(os.Args))
	var b strings.Builder
	for i, a := range os.Args[1:] {
		b.WriteString(fmt.Sprintf("%d=%q ", i+1, a))
	}
	fmt.Println(b.String())
	if len(os.Args) != 4 {
		os.Exit(1)
	}
	os.Exit(3)
}

// Output:
// 4
// 1="one" 2="two words" 3="3" 
// Exit: 3
