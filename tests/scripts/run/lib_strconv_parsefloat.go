package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, s := range []string{"1.5", "-0", "1e400", "-1e400", "inf", "-Infinity", "+INF", "nan", "NaN", "+nan", "0x1.8p3", "0x1.8", "0X1P-2", "1_000.5", "1e", "1e+", ".5", "5.", ".", "e5", "1e-400", "3.4e39", "infin", "1.7976931348623157e308", "4.9e-324", "0.1", "123456789012345678901234567890"} {
		f, err := strconv.ParseFloat(s, 64)
		g, err2 := strconv.ParseFloat(s, 32)
		fmt.Println(f, err, "|", g, err2)
	}
	for _, s := range []string{"true", "T", "1", "0", "f", "FALSE", "False", "yes", "tRUE"} {
		b, err := strconv.ParseBool(s)
		fmt.Println(b, err)
	}
}

// Output:
// 1.5 <nil> | 1.5 <nil>
// -0 <nil> | -0 <nil>
// +Inf strconv.ParseFloat: parsing "1e400": value out of range | +Inf strconv.ParseFloat: parsing "1e400": value out of range
// -Inf strconv.ParseFloat: parsing "-1e400": value out of range | -Inf strconv.ParseFloat: parsing "-1e400": value out of range
// +Inf <nil> | +Inf <nil>
// -Inf <nil> | -Inf <nil>
// +Inf <nil> | +Inf <nil>
// NaN <nil> | NaN <nil>
// NaN <nil> | NaN <nil>
// 0 strconv.ParseFloat: parsing "+nan": invalid syntax | 0 strconv.ParseFloat: parsing "+nan": invalid syntax
// 12 <nil> | 12 <nil>
// 0 strconv.ParseFloat: parsing "0x1.8": invalid syntax | 0 strconv.ParseFloat: parsing "0x1.8": invalid syntax
// 0.25 <nil> | 0.25 <nil>
// 1000.5 <nil> | 1000.5 <nil>
// 0 strconv.ParseFloat: parsing "1e": invalid syntax | 0 strconv.ParseFloat: parsing "1e": invalid syntax
// 0 strconv.ParseFloat: parsing "1e+": invalid syntax | 0 strconv.ParseFloat: parsing "1e+": invalid syntax
// 0.5 <nil> | 0.5 <nil>
// 5 <nil> | 5 <nil>
// 0 strconv.ParseFloat: parsing ".": invalid syntax | 0 strconv.ParseFloat: parsing ".": invalid syntax
// 0 strconv.ParseFloat: parsing "e5": invalid syntax | 0 strconv.ParseFloat: parsing "e5": invalid syntax
// 0 <nil> | 0 <nil>
// 3.4e+39 <nil> | +Inf strconv.ParseFloat: parsing "3.4e39": value out of range
// 0 strconv.ParseFloat: parsing "infin": invalid syntax | 0 strconv.ParseFloat: parsing "infin": invalid syntax
// 1.7976931348623157e+308 <nil> | +Inf strconv.ParseFloat: parsing "1.7976931348623157e308": value out of range
// 5e-324 <nil> | 0 <nil>
// 0.1 <nil> | 0.10000000149011612 <nil>
// 1.2345678901234568e+29 <nil> | 1.2345678918272927e+29 <nil>
// true <nil>
// true <nil>
// true <nil>
// false <nil>
// false <nil>
// false <nil>
// false <nil>
// false strconv.ParseBool: parsing "yes": invalid syntax
// false strconv.ParseBool: parsing "tRUE": invalid syntax
