// fmt on composite kinds: structs (%v %+v), nested structs, pointers to
// structs, arrays, slices, maps (sorted by key), nil values, and %T.
package main

import "fmt"

type point struct {
	X, Y int
}

type line struct {
	name  string
	a, b  point
	tags  []string
	attrs map[string]int
	next  *line
}

type celsius float64
type names []string

func main() {
	p := point{1, 2}
	fmt.Println(p)
	fmt.Printf("%v %+v %d\n", p, p, p)
	pp := &p
	fmt.Printf("%v %+v\n", pp, pp)
	l := line{name: "l1", a: p, b: point{3, 4}, tags: []string{"x", "y"}, attrs: map[string]int{"w": 2, "c": 1}}
	fmt.Printf("%v\n%+v\n", l, l)
	fmt.Println([3]int{1, 2, 3}, []string{"a", "b"}, []float64{0.5, 1e21}, [][]int{{1}, {2, 3}})
	fmt.Printf("%v %d %x %X %q\n", []int{10, 11}, []int{10, 11}, []int{10, 255}, []byte{1, 171}, []string{"a", "b"})
	fmt.Printf("%5d|%-4v|%03d\n", []int{1, 2}, []int{3}, [2]int{4, 5})
	m := map[string]int{"zeta": 26, "alpha": 1, "mu": 12}
	fmt.Println(m)
	fmt.Printf("%v %+v %d\n", m, m, m)
	mi := map[int]string{3: "c", -1: "z", 10: "j", 0: "o"}
	fmt.Println(mi)
	mf := map[float64]bool{2.5: true, -1: false, 0: true}
	fmt.Println(mf)
	mb := map[bool]int{true: 1, false: 0}
	fmt.Println(mb)
	mp := map[point]string{{2, 1}: "b", {1, 9}: "a", {1, 2}: "c"}
	fmt.Println(mp)
	fmt.Println(map[string][]int{"b": {2}, "a": {1, 1}}, map[string]int{})
	var ns []int
	var nm map[string]int
	var np *point
	var ni interface{}
	var ne error
	fmt.Println(ns, nm, np, ni, ne)
	fmt.Printf("%v %v %v %v %v %d %s\n", ns, nm, np, ni, ne, ns, ns)
	fmt.Printf("%T %T %T %T %T %T %T\n", 1, "s", 2.5, true, 'r', byte(1), nil)
	fmt.Printf("%T %T %T %T %T\n", p, pp, l.tags, m, [2]bool{})
	fmt.Printf("%T %T %T %T\n", celsius(1), names{}, ne, struct{ A int }{1})
	fmt.Printf("%T %T\n", func(int) string { return "" }, &[]int{})
	var c celsius = 36.6
	fmt.Println(c, names{"x", "y"}, struct {
		A int
		B string
	}{7, "s"})
	fmt.Printf("%v %+v\n", struct{}{}, &struct{ P *int }{})
	fmt.Printf("%v %s\n", []interface{}{1, "a", nil, 2.5, p}, []interface{}{"x", 3})
	fmt.Printf("%v\n", [2][]int{{1}, nil})
	e := []*point{nil}
	fmt.Println(len(fmt.Sprint(e)) > 2, fmt.Sprintf("%v", e[0]))
	fmt.Printf("%s %d\n", p, "str")
	fmt.Printf("%v %v\n", int8(-5), uint16(65535))
	fmt.Printf("%6.2v|%v\n", 3.14159, float32(2.5))
}

// Output:
// {1 2}
// {1 2} {X:1 Y:2} {1 2}
// &{1 2} &{X:1 Y:2}
// {l1 {1 2} {3 4} [x y] map[c:1 w:2] <nil>}
// {name:l1 a:{X:1 Y:2} b:{X:3 Y:4} tags:[x y] attrs:map[c:1 w:2] next:<nil>}
// [1 2 3] [a b] [0.5 1e+21] [[1] [2 3]]
// [10 11] [10 11] [a ff] 01AB ["a" "b"]
// [    1     2]|[3   ]|[004 005]
// map[alpha:1 mu:12 zeta:26]
// map[alpha:1 mu:12 zeta:26] map[alpha:1 mu:12 zeta:26] map[%!d(string=alpha):1 %!d(string=mu):12 %!d(string=zeta):26]
// map[-1:z 0:o 3:c 10:j]
// map[-1:false 0:true 2.5:true]
// map[false:0 true:1]
// map[{1 2}:c {1 9}:a {2 1}:b]
// map[a:[1 1] b:[2]] map[]
// [] map[] <nil> <nil> <nil>
// [] map[] <nil> <nil> <nil> [] []
// int string float64 bool int32 uint8 <nil>
// main.point *main.point []string map[string]int [2]bool
// main.celsius main.names <nil> struct { A int }
// func(int) string *[]int
// 36.6 [x y] {7 s}
// {} &{P:<nil>}
// [1 a <nil> 2.5 {1 2}] [x %!s(int=3)]
// [[1] []]
// true <nil>
// {%!s(int=1) %!s(int=2)} %!d(string=str)
// -5 65535
//    3.1|2.5
