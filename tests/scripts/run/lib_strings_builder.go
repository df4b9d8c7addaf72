// strings.Builder: the zero value works, every method, and Cap follows
// Go's growth (append's size classes, Grow's 2*cap+n).
package main

import (
	"fmt"
	"strings"
)

type doc struct {
	title string
	body  strings.Builder
}

func join(parts []string, sep string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}

func main() {
	var b strings.Builder
	fmt.Println(b.Len(), b.Cap(), b.String() == "")
	n, err := b.WriteString("hello")
	fmt.Println(n, err, b.Len(), b.Cap())
	b.WriteByte(',')
	b.WriteByte(' ')
	n, err = b.WriteRune('世')
	fmt.Println(n, err)
	n, _ = b.WriteRune('界')
	fmt.Println(n)
	n, _ = b.WriteRune(-1)
	fmt.Println(n, b.Len())
	n, _ = b.Write([]byte("!?"))
	fmt.Println(n, b.String(), b.Len(), b.Cap())

	s := b.String()
	b.WriteString(" more")
	fmt.Println(s)
	fmt.Println(b.String())

	b.Reset()
	fmt.Println(b.Len(), b.Cap(), b.String() == "")
	b.Grow(10)
	fmt.Println(b.Len(), b.Cap())
	b.WriteString("0123456789")
	fmt.Println(b.Cap())
	b.Grow(5)
	fmt.Println(b.Len(), b.Cap())
	b.Grow(0)
	fmt.Println(b.Cap())

	var c strings.Builder
	for i := 0; i < 100; i++ {
		c.WriteByte(byte('a' + i%26))
		if i%9 == 0 {
			fmt.Print(c.Cap(), " ")
		}
	}
	fmt.Println()
	fmt.Println(c.String())

	var r strings.Builder
	for _, x := range "héllo, 世界 🌍" {
		r.WriteRune(x)
		fmt.Print(r.Len(), ":", r.Cap(), " ")
	}
	fmt.Println()
	fmt.Println(r.String())

	fmt.Println(join([]string{"a", "b", "c"}, "-"))
	fmt.Println(join(nil, "-") == "")

	d := &doc{title: "T"}
	d.body.WriteString("line 1\n")
	d.body.WriteString("line 2\n")
	d.body.WriteString(fmt.Sprintf("%s=%d\n", "x", 42))
	fmt.Print(d.title, "\n", d.body.String())

	bp := new(strings.Builder)
	bp.WriteString("via pointer")
	fmt.Println(bp.String(), bp.Len())

	// a zero Builder may be copied; a used one may not
	var z strings.Builder
	z2 := z
	z2.WriteString("ok")
	fmt.Println(z2.String())
}

// Output:
// 0 0 true
// 5 <nil> 5 8
// 3 <nil>
// 3
// 3 16
// 2 hello, 世界�!? 18 20
// hello, 世界�!?
// hello, 世界�!? more
// 0 0 true
// 0 10
// 10
// 10 25
// 25
// 8 16 32 32 64 64 64 64 128 128 128 128 
// abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv
// 1:8 3:8 4:8 5:8 6:8 7:8 8:8 11:20 14:20 15:20 19:20 
// héllo, 世界 🌍
// a-b-c
// true
// T
// line 1
// line 2
// x=42
// via pointer 11
// ok
