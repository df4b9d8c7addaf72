package main

import (
	"bytes"
	"fmt"
)

func main() {
	var b bytes.Buffer
	for i := 0; i < 40; i++ {
		b.WriteString("abcdefghijklmnopqrstuvwxyz"[:i%26+1])
		if i%3 == 0 {
			b.Next(7)
		}
		fmt.Print(b.Len(), "/", b.Cap(), " ")
	}
	fmt.Println()
	var c bytes.Buffer
	c.Grow(10)
	c.WriteString("x")
	c.Grow(200)
	fmt.Println(c.Len(), c.Cap())
}

// Output:
// 0/64 2/64 5/64 2/64 7/64 13/64 13/64 21/64 30/64 33/64 44/96 56/96 62/96 76/96 91/192 100/192 117/192 135/192 147/192 167/192 188/384 203/384 226/384 250/384 268/384 294/384 295/384 290/384 293/384 297/384 295/384 301/384 308/384 309/384 318/384 328/384 332/384 344/704 357/704 364/704 
// 1 208
