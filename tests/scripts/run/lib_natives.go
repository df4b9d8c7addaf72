// Natives: stdlib functions implemented in C, called like VM functions
// (arguments in the call area, results after them).
package main

import (
	"math"
	"strings"
)

func hyp(a, b float64) float64 {
	return math.Sqrt(a*a + b*b)
}

func main() {
	println(hyp(3, 4), math.Floor(-1.5), math.Ceil(1.2), math.Abs(-2))
	println(math.Max(3, math.Inf(1)), math.Min(math.Inf(-1), 2), math.IsNaN(math.NaN()))
	println(math.Pow(2, 10), math.Mod(7, 3), math.Trunc(-2.7))
	s := strings.Repeat("ab", 3)
	println(s, len(s), strings.Index(s, "ba"), strings.Index(s, "x"))
	println(strings.Contains(s, "bab"), strings.Count("cheese", "e"), strings.Count("five", ""))
	println(strings.HasPrefix(s, "ab"), strings.HasSuffix(s, "a"), strings.Compare("a", "b"))
	n := 0
	for i := 0; i < 1000; i++ {
		n += strings.Count(strings.Repeat("x", i), "xx")
	}
	println(n)
}

// Output:
// +5.000000e+000 -2.000000e+000 +2.000000e+000 +2.000000e+000
// +Inf -Inf true
// +1.024000e+003 +1.000000e+000 -2.000000e+000
// ababab 6 1 -1
// true 3 5
// true false -1
// 249500
