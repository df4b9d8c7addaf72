// Shortest and fixed float formatting over 20000 pseudo-random bit patterns,
// hashed: any digit that differs from Go changes the last line.
package main

import (
	"fmt"
	"math"
	"strconv"
)

func main() {
	x := uint64(88172645463325252)
	h := 0
	for i := 0; i < 20000; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		f := math.Float64frombits(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		g := float64(math.Float32frombits(uint32(x)))
		s := strconv.FormatFloat(f, 'g', -1, 64) + strconv.FormatFloat(g, 'e', -1, 32) + strconv.FormatFloat(f, 'e', 5, 64) + strconv.FormatFloat(float64(i)*0.001, 'f', -1, 64)
		for _, c := range s {
			h = h*31 + int(c)
		}
		if i%4000 == 0 {
			fmt.Println(s)
		}
	}
	fmt.Println(h)
}

// Output:
// 6.934698245112694e+276-2.3062596e+366.93470e+2760
// 1.375752706227382e-272.0280485e-211.37575e-274
// -2.9674688135194347e-1431.4037495e-06-2.96747e-1438
// 2.9769547215457485e+1102.8791423e+352.97695e+11012
// -1.5794098915120438e-1192.5568281e+03-1.57941e-11916
// -8101375068873963659
