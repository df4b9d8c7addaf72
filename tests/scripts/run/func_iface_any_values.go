// Values of many kinds through interface{} and back.
package main

type Pair struct {
	A int
	B string
}

func show(x interface{}) {
	switch v := x.(type) {
	case int8:
		println("int8", v)
	case uint16:
		println("uint16", v)
	case float32:
		println("float32", v == 1.5)
	case bool:
		println("bool", v)
	case []int:
		println("slice", len(v), v[1])
	case Pair:
		println("pair", v.A, v.B)
	case *Pair:
		println("*pair", v.A)
		v.A = 99
	case map[string]int:
		println("map", v["k"])
	case func() int:
		println("func", v())
	}
}

func main() {
	show(int8(-5))
	show(uint16(65535))
	show(float32(1.5))
	show(true)
	show([]int{1, 2, 3})
	show(Pair{7, "x"})
	p := &Pair{8, "y"}
	show(p)
	println(p.A)
	show(map[string]int{"k": 3})
	show(func() int { return 11 })
}

// Output:
// int8 -5
// uint16 65535
// float32 true
// bool true
// slice 3 2
// pair 7 x
// *pair 8
// 99
// map 3
// func 11
