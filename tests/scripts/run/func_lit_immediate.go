// A function literal called where it is written, with and without captures.
package main

func main() {
	println(func(a, b int) int { return a - b }(10, 4))
	s := "x"
	func() {
		s += "y"
	}()
	println(s)
	n := func() int {
		t := 0
		for i := 1; i <= 10; i++ {
			t += i
		}
		return t
	}()
	println(n)
}

// Output:
// 6
// xy
// 55
