// Method values and expressions passed as plain functions.
package main

type Acc struct{ total int }

func (a *Acc) Add(n int) { a.total += n }

func each(xs []int, f func(int)) {
	for _, x := range xs {
		f(x)
	}
}

type Scale float64

func (s Scale) Apply(x float64) float64 { return float64(s) * x }

func main() {
	var a Acc
	each([]int{1, 2, 3, 4}, a.Add)
	println(a.total)
	double := Scale(2).Apply
	f := Scale.Apply
	println(int(double(21)), int(f(3, 5)))
}

// Output:
// 10
// 42 15
