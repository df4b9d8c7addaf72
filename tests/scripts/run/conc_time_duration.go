// time.Duration: the unit constants, String in Go's format, and the
// conversions to floats and integers, Round and Truncate.
package main

import (
	"fmt"
	"time"
)

func main() {
	ds := []time.Duration{0, 1, 999, time.Microsecond, 1500 * time.Nanosecond, time.Millisecond,
		1234567 * time.Nanosecond, time.Second, 90 * time.Second, time.Hour + 2*time.Minute + 3*time.Second + 4*time.Millisecond,
		-5 * time.Second, 100 * time.Hour, 1<<63 - 1, -1 << 63}
	for _, d := range ds {
		fmt.Println(d.String(), int64(d))
	}
	d := 3*time.Hour + 45*time.Minute + 30*time.Second + 500*time.Millisecond
	fmt.Println(d.Hours(), d.Minutes(), d.Seconds(), d.Milliseconds(), d.Microseconds(), d.Nanoseconds())
	fmt.Println(d.Round(time.Hour).String(), d.Round(time.Minute).String(), d.Truncate(time.Hour).String(), d.Round(0).String())
	fmt.Println((-d).Round(time.Minute).String(), (-d).Truncate(time.Minute).String(), (-d).Abs().String())
	fmt.Println(time.Nanosecond, time.Microsecond, time.Millisecond, time.Second, time.Minute, time.Hour)
	fmt.Printf("%v %s %d\n", 2*time.Second, 1500*time.Millisecond, time.Millisecond)
	var s fmt.Stringer = 42 * time.Minute
	fmt.Println(s.String())
}

// Output:
// 0s 0
// 1ns 1
// 999ns 999
// 1µs 1000
// 1.5µs 1500
// 1ms 1000000
// 1.234567ms 1234567
// 1s 1000000000
// 1m30s 90000000000
// 1h2m3.004s 3723004000000
// -5s -5000000000
// 100h0m0s 360000000000000
// 2562047h47m16.854775807s 9223372036854775807
// -2562047h47m16.854775808s -9223372036854775808
// 3.758472222222222 225.50833333333333 13530.5 13530500 13530500000 13530500000000
// 4h0m0s 3h46m0s 3h0m0s 3h45m30.5s
// -3h46m0s -3h45m0s 3h45m30.5s
// 1ns 1µs 1ms 1s 1m0s 1h0m0s
// 2s 1.5s 1000000
// 42m0s
