// Float keys: +0 and -0 are one key; every NaN is a new one.
package main

func main() {
	m := map[float64]int{}
	z := 0.0
	m[z] = 1
	m[-z] = 2
	nan := z / z
	m[nan] = 3
	m[nan] = 4
	println(len(m), m[0])
	_, ok := m[nan]
	println(ok)
	sum := 0
	for _, v := range m {
		sum += v
	}
	println(sum)
	f := map[float32]string{1.5: "a"}
	var k float32 = 1.5
	println(f[k])
}

// Output:
// 3 2
// false
// 9
// a
