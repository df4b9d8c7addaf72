package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, s := range []string{"12", "-7", "+3", "", "x", "+", "-", "99999999999999999999", "-9223372036854775808", "9223372036854775807", "1_000", " 1", "0x10", "007"} {
		n, err := strconv.Atoi(s)
		fmt.Println(n, err)
	}
	fmt.Println(strconv.Itoa(0), strconv.Itoa(-45), strconv.Itoa(1<<62))
}

// Output:
// 12 <nil>
// -7 <nil>
// 3 <nil>
// 0 strconv.Atoi: parsing "": invalid syntax
// 0 strconv.Atoi: parsing "x": invalid syntax
// 0 strconv.Atoi: parsing "+": invalid syntax
// 0 strconv.Atoi: parsing "-": invalid syntax
// 9223372036854775807 strconv.Atoi: parsing "99999999999999999999": value out of range
// -9223372036854775808 <nil>
// 9223372036854775807 <nil>
// 0 strconv.Atoi: parsing "1_000": invalid syntax
// 0 strconv.Atoi: parsing " 1": invalid syntax
// 0 strconv.Atoi: parsing "0x10": invalid syntax
// 7 <nil>
// 0 -45 4611686018427387904
