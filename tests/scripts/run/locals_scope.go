// Shadowing and block scopes.
package main

func main() {
	x := 1
	{
		x := 2
		x++
		println(x)
		{
			x := "str"
			println(x)
		}
	}
	println(x)
	for x := 0; x < 2; x++ {
		x := x * 10
		println(x)
	}
	println(x)
	x, y := 5, 6
	println(x, y)
	var s string
	var b bool
	var f float64
	println(s == "", b, f)
}

// Output:
// 3
// str
// 1
// 0
// 10
// 1
// 5 6
// true false +0.000000e+000
