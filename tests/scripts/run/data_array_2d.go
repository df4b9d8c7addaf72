// Arrays of arrays: a 3x3 matrix product and a transposition.
package main

type M [3][3]int

func mul(a, b M) M {
	var c M
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

func main() {
	a := M{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	id := M{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	c := mul(a, id)
	println(c == a)
	d := mul(a, a)
	for i := 0; i < 3; i++ {
		println(d[i][0], d[i][1], d[i][2])
	}
	row := d[1]
	row[0] = 0
	println(d[1][0], row[0])
	var t M
	for i, r := range a {
		for j, v := range r {
			t[j][i] = v
		}
	}
	println(t[0][2], t[2][0])
}

// Output:
// true
// 30 36 42
// 66 81 96
// 102 126 150
// 66 0
// 7 3
