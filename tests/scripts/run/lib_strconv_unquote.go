package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, s := range []string{`"a\tb"`, "`raw\\n`", "`a\rb`", `'x'`, `'\u263a'`, `"\x41\101\u00e9"`, `"bad`, `'ab'`, `"\q"`, `"a"b"`, `'\''`, `"\'"`, `''`, `"é"`, `'\xff'`, `"\400"`, `"\uD800"`, `x`, `"a\nb"`} {
		u, err := strconv.Unquote(s)
		fmt.Printf("%q %v\n", u, err)
	}
	v, mb, tail, err := strconv.UnquoteChar(`\u00e9rest`, '"')
	fmt.Println(v, mb, tail, err)
	p, err := strconv.QuotedPrefix(`"abc"def`)
	fmt.Println(p, err)
}

// Output:
// "a\tb" <nil>
// "raw\\n" <nil>
// "ab" <nil>
// "x" <nil>
// "☺" <nil>
// "AAé" <nil>
// "" invalid syntax
// "" invalid syntax
// "" invalid syntax
// "" invalid syntax
// "'" <nil>
// "" invalid syntax
// "" <nil>
// "é" <nil>
// "\xff" <nil>
// "" invalid syntax
// "" invalid syntax
// "" invalid syntax
// "a\nb" <nil>
// 233 true rest <nil>
// "abc" <nil>
