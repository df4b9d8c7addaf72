// Maps: make, store, load, the zero value for a missing key, comma-ok,
// delete and len.
package main

func main() {
	m := make(map[string]int)
	m["one"] = 1
	m["two"] = 2
	m["three"] = 3
	println(len(m), m["two"], m["four"])
	v, ok := m["three"]
	println(v, ok)
	v, ok = m["five"]
	println(v, ok)
	delete(m, "two")
	delete(m, "absent")
	_, ok = m["two"]
	println(len(m), ok)
	n := make(map[int]float64, 100)
	for i := 0; i < 1000; i++ {
		n[i*7] = float64(i) / 2
	}
	println(len(n), n[700], n[701])
	if x, found := n[14]; found {
		println("found", x)
	}
}

// Output:
// 3 2 0
// 3 true
// 0 false
// 2 false
// 1000 +5.000000e+001 +0.000000e+000
// found +1.000000e+000
