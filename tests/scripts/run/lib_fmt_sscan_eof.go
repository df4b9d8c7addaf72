package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

func main() {
	var a int
	_, err := fmt.Sscan("", &a)
	fmt.Println(err == io.EOF, errors.Is(err, io.EOF), err)
	_, err = fmt.Sscan("99999999999999999999", &a)
	var ne *strconv.NumError
	fmt.Println(err, errors.As(err, &ne), errors.Is(err, strconv.ErrRange))
	var f float32
	n, err := fmt.Sscan("1e50", &f)
	fmt.Println(n, err, f)
	var s1, s2 string
	n, err = fmt.Sscanf("`raw` \"q\\tx\"", "%q %q", &s1, &s2)
	fmt.Printf("%d %v %q %q\n", n, err, s1, s2)
	n, err = fmt.Sscanf("6869", "%x", &s1)
	fmt.Println(n, err, s1)
	var u8 uint8
	n, err = fmt.Sscanf("256", "%d", &u8)
	fmt.Println(n, err, u8)
	n, err = fmt.Sscanf("12345", "%3d%d", &a, &u8)
	fmt.Println(n, err, a, u8)
	n, err = fmt.Sscanf("x", "%d", &a)
	fmt.Println(n, err)
	var b bool
	n, err = fmt.Sscanf("true", "%d", &b)
	fmt.Println(n, err)
	fmt.Println(io.EOF, io.ErrUnexpectedEOF)
}

// Output:
// true true EOF
// strconv.ParseInt: parsing "99999999999999999999": value out of range true true
// 0 strconv.ParseFloat: parsing "1e50": value out of range 0
// 2 <nil> "raw" "q\tx"
// 1 <nil> hi
// 0 unsigned integer overflow on token 256 0
// 2 <nil> 123 45
// 0 expected integer
// 0 bad verb '%d' for boolean
// EOF unexpected EOF
