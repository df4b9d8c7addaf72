// ++ and -- on locals and globals, floats too.
package main

var g int
var gf float64

func main() {
	i := 5
	i++
	i++
	i--
	println(i)
	g++
	g++
	println(g)
	gf++
	gf--
	gf++
	println(gf)
	f := 0.5
	f++
	println(f)
	var u uint8 = 255
	u++
	println(u)
}

// Output:
// 6
// 2
// +1.000000e+000
// +1.500000e+000
// 0
