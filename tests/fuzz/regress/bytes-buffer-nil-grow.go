package main

import (
	"bytes"
	"fmt"
	"strings"
)

func main() {
	var b bytes.Buffer
	b.WriteString(strings.Repeat("x", 100))
	var e bytes.Buffer
	s, err := e.ReadString('\n')
	n, _ := b.Read(nil)
	fmt.Println(b.Len(), s, err, n)
}
