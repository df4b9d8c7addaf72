package main

import (
	"fmt"
	"math"
	"sort"
)

func main() {
	fs := []float64{3, math.NaN(), -1, math.Inf(1), 0, math.Inf(-1), 2, math.NaN()}
	sort.Float64s(fs)
	fmt.Println(fs)
}

// Output:
// [NaN NaN -Inf -1 0 2 3 +Inf]
