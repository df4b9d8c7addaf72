package main

import (
	"fmt"
	"io"
)

func main() {
	c := &counter{}
	var w io.Writer = c
	fmt.Fprintf(w, "hello %s\n", "world")
	fmt.Fprintln(c, "a", "b")
	n, err := fmt.Fprint(c, 12, 34)
	fmt.Println(n, err, c.calls, c.bytes, string(c.last))
	e := errWriter{}
	n, err = fmt.Fprintf(e, "x%dy", 5)
	fmt.Println(n, err)
}

type counter struct {
	calls, bytes int
	last         []byte
}

func (c *counter) Write(p []byte) (int, error) {
	c.calls++
	c.bytes += len(p)
	c.last = append([]byte(nil), p...)
	return len(p), nil
}

type errWriter struct{}

func (errWriter) Write(p []byte) (int, error) {
	return 1, fmt.Errorf("short write of %q", p)
}

// Output:
// 5 <nil> 3 21 12 34
// 1 short write of "x5y"
