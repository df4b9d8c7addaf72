package main

import (
	"fmt"
	"strconv"
)

func main() {
	type c struct {
		s          string
		base, bits int
	}
	for _, t := range []c{{"0x1f", 0, 64}, {"0b101", 0, 8}, {"1_000", 0, 64}, {"1__0", 0, 64}, {"_1", 0, 64}, {"300", 10, 8}, {"-129", 10, 8}, {"-128", 10, 8}, {"z", 36, 64}, {"Z", 36, 64}, {"12", 1, 64}, {"12", 37, 64}, {"12", 10, 65}, {"0o17", 0, 64}, {"017", 0, 64}, {"08", 0, 64}, {"ff", 16, 0}, {"18446744073709551615", 10, 64}, {"18446744073709551616", 10, 64}, {"-1", 10, 64}} {
		i, err := strconv.ParseInt(t.s, t.base, t.bits)
		u, err2 := strconv.ParseUint(t.s, t.base, t.bits)
		fmt.Println(i, err, "|", u, err2)
	}
}

// Output:
// 31 <nil> | 31 <nil>
// 5 <nil> | 5 <nil>
// 1000 <nil> | 1000 <nil>
// 0 strconv.ParseInt: parsing "1__0": invalid syntax | 0 strconv.ParseUint: parsing "1__0": invalid syntax
// 0 strconv.ParseInt: parsing "_1": invalid syntax | 0 strconv.ParseUint: parsing "_1": invalid syntax
// 127 strconv.ParseInt: parsing "300": value out of range | 255 strconv.ParseUint: parsing "300": value out of range
// -128 strconv.ParseInt: parsing "-129": value out of range | 0 strconv.ParseUint: parsing "-129": invalid syntax
// -128 <nil> | 0 strconv.ParseUint: parsing "-128": invalid syntax
// 35 <nil> | 35 <nil>
// 35 <nil> | 35 <nil>
// 0 strconv.ParseInt: parsing "12": invalid base 1 | 0 strconv.ParseUint: parsing "12": invalid base 1
// 0 strconv.ParseInt: parsing "12": invalid base 37 | 0 strconv.ParseUint: parsing "12": invalid base 37
// 0 strconv.ParseInt: parsing "12": invalid bit size 65 | 0 strconv.ParseUint: parsing "12": invalid bit size 65
// 15 <nil> | 15 <nil>
// 15 <nil> | 15 <nil>
// 0 strconv.ParseInt: parsing "08": invalid syntax | 0 strconv.ParseUint: parsing "08": invalid syntax
// 255 <nil> | 255 <nil>
// 9223372036854775807 strconv.ParseInt: parsing "18446744073709551615": value out of range | 18446744073709551615 <nil>
// 9223372036854775807 strconv.ParseInt: parsing "18446744073709551616": value out of range | 18446744073709551615 strconv.ParseUint: parsing "18446744073709551616": value out of range
// -1 <nil> | 0 strconv.ParseUint: parsing "-1": invalid syntax
