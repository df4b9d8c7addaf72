package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

func main() {
	var b bytes.Buffer
	fmt.Println(b.Len(), b.Cap(), b.String() == "")
	b.WriteString("hello")
	b.WriteByte(' ')
	b.Write([]byte("world"))
	n, err := b.WriteRune('☺')
	fmt.Println(n, err, b.Len(), b.Cap(), b.String())
	fmt.Fprintf(&b, " %d-%s", 42, "x")
	fmt.Println(b.String(), len(b.Bytes()))
	for i := 0; i < 10; i++ {
		b.WriteString("0123456789")
	}
	fmt.Println(b.Len(), b.Cap())
	c, err := b.ReadByte()
	fmt.Println(string(c), err)
	line, err := b.ReadString(' ')
	fmt.Printf("%q %v\n", line, err)
	p := make([]byte, 5)
	n, err = b.Read(p)
	fmt.Println(n, err, string(p[:n]))
	r, size, err := b.ReadRune()
	fmt.Println(string(r), size, err)
	fmt.Println(string(b.Next(4)), b.Len())
	b.Truncate(3)
	fmt.Printf("%q %d\n", b.String(), b.Len())
	rest, err := b.ReadString('!')
	fmt.Printf("%q %v %v\n", rest, err, err == io.EOF)
	n, err = b.Read(p)
	fmt.Println(n, err)
	b.Reset()
	b.Grow(100)
	fmt.Println(b.Len(), b.Cap())
	nb := bytes.NewBufferString("from string")
	fmt.Println(nb.String(), nb.Len())
	nb2 := bytes.NewBuffer([]byte("abc"))
	nb2.WriteString("def")
	fmt.Println(nb2, nb2.Len())
	var w io.Writer = nb2
	fmt.Fprint(w, "!")
	os.Stdout.WriteString(nb2.String() + "\n")
	var nilb *bytes.Buffer
	fmt.Println(nilb.String())
}

// Output:
// 0 0 true
// 3 <nil> 14 64 hello world☺
// hello world☺ 42-x 19
// 119 128
// h <nil>
// "ello " <nil>
// 5 <nil> world
// ☺ 3 <nil>
//  42- 101
// "x01" 3
// "x01" EOF true
// 0 EOF
// 0 128
// from string 11
// abcdef 6
// abcdef!
// <nil>
