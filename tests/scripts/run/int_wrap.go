// Integer wrap-around at every width.
package main

func main() {
	var a int8 = 127
	a++
	println(a)
	var b uint8 = 0
	b--
	println(b)
	var c int16 = 32767
	c += 2
	println(c)
	var d uint16 = 65535
	d *= 3
	println(d)
	var e int32 = 2147483647
	e = e + 1
	println(e)
	var f uint32 = 1
	f = f - 2
	println(f)
	var g int64 = 9223372036854775807
	g++
	println(g)
	var h uint64 = 0
	h--
	println(h)
	var i int = -9223372036854775808
	i--
	println(i)
	var u uint = 18446744073709551615
	u += 2
	println(u)
	var m int8 = -128
	m = -m
	println(m)
	var x int32 = 100000
	x *= 100000
	println(x)
}

// Output:
// -128
// 255
// -32767
// 65533
// -2147483648
// 4294967295
// -9223372036854775808
// 18446744073709551615
// 9223372036854775807
// 1
// -128
// 1410065408
