package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	var sb strings.Builder
	n, err := fmt.Fprintf(&sb, "%d-%s|%5.2f|%-4s|%x", 42, "go", 3.14159, "ab", 255)
	fmt.Println(n, err, sb.String())
	fmt.Fprint(&sb, " more", 1, 2, "x", 3)
	fmt.Fprintln(&sb, " end", true)
	fmt.Print(sb.String())
	fmt.Fprintln(os.Stdout, "stdout", 1.5, []int{1, 2})
	n, err = fmt.Fprintf(os.Stdout, "%v %+v\n", map[string]int{"b": 2, "a": 1}, struct{ X, Y int }{1, 2})
	fmt.Println(n, err)
}

// Output:
// 19 <nil> 42-go| 3.14|ab  |ff
// 42-go| 3.14|ab  |ff more1 2x3 end true
// stdout 1.5 [1 2]
// map[a:1 b:2] {X:1 Y:2}
// 23 <nil>
