package main

import "fmt"

type T2 struct{ x int }

func (t *T2) f() int { return t.x }

func main() {
	type I1 interface{}
	type I2 interface{ f() int }
	type T struct{ x int }
	type P *T
	p := P(nil)
	var i1 I1 = p
	m0 := make(map[interface{}]int)
	m1 := make(map[I1]int)
	m2 := make(map[I2]int)
	m0[i1] = 1
	m0[p] = 2
	m1[i1] = 3
	m1[false] = 4
	m2[new(T2)] = 5
	fmt.Println(len(m0), len(m1), len(m2), m0[p], m1[false])
}
