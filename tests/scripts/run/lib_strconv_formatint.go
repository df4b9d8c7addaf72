package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, b := range []int{2, 8, 10, 16, 36} {
		fmt.Println(strconv.FormatInt(-255, b), strconv.FormatInt(0, b), strconv.FormatUint(1<<64-1, b), strconv.FormatInt(-1<<63, b))
	}
	fmt.Println(strconv.FormatBool(true), strconv.FormatBool(false))
	b := []byte("n=")
	b = strconv.AppendInt(b, -42, 10)
	b = append(b, ' ')
	b = strconv.AppendUint(b, 255, 16)
	b = append(b, ' ')
	b = strconv.AppendBool(b, true)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, 3.25, 'f', 1, 64)
	b = append(b, ' ')
	b = strconv.AppendQuote(b, "q\n")
	b = strconv.AppendQuoteRune(b, 'r')
	fmt.Println(string(b))
}

// Output:
// -11111111 0 1111111111111111111111111111111111111111111111111111111111111111 -1000000000000000000000000000000000000000000000000000000000000000
// -377 0 1777777777777777777777 -1000000000000000000000
// -255 0 18446744073709551615 -9223372036854775808
// -ff 0 ffffffffffffffff -8000000000000000
// -73 0 3w5e11264sgsf -1y2p0ij32e8e8
// true false
// n=-42 ff true 3.2 "q\n"'r'
