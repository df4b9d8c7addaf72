// if / else if / else, with init statements and scoping.
package main

func sign(x int) string {
	if x < 0 {
		return "negative"
	} else if x == 0 {
		return "zero"
	} else {
		return "positive"
	}
}

func main() {
	println(sign(-5), sign(0), sign(7))
	x := 10
	if x := 3; x > 2 {
		println("inner", x)
	}
	println("outer", x)
	if y := x * 2; y > 100 {
		println("big")
	} else if z := y + 1; z > 20 {
		println("z", z, y)
	} else {
		println("small", y, z)
	}
}

// Output:
// negative zero positive
// inner 3
// outer 10
// z 21 20
