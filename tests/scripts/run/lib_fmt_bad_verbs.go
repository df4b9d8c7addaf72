package main

import (
	"fmt"
)

func main() {
	fmt.Printf("%d\n", "hi")
	fmt.Printf("%s\n", 42)
	fmt.Printf("%z %!\n", 1)
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", 1, 2)
	fmt.Printf("%[3]d %[0]d\n", 1, 2)
	fmt.Printf("%.*d|%*d\n", "x", 5, 3.5, 7)
	fmt.Printf("%t %x\n", 5, true)
	fmt.Printf("%")
	fmt.Println()
	fmt.Printf("%v %d\n", nil, nil)
	fmt.Println(fmt.Sprintf("%c|%U|%#U", 'é', 'é', 'é'))
}

// Output:
// %!d(string=hi)
// %!s(int=42)
// %!z(int=1) %!!(MISSING)
// 1 %!d(MISSING)
// 1
// %!(EXTRA int=2)%!d(BADINDEX) %!d(BADINDEX)
// %!(BADPREC)5|%!(BADWIDTH)7
// %!t(int=5) %!x(bool=true)
// %!(NOVERB)
// <nil> %!d(<nil>)
// é|U+00E9|U+00E9 'é'
