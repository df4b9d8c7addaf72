// Counting loops (step and test in one instruction): limits that are
// constants or variables, <= and <, continue, break, a body that changes
// the counter or the limit, and loops that never start.
package main

func main() {
	n := 5
	for i := 0; i < n; i++ {
		print(i, " ")
	}
	println()
	for i := 0; i <= n; i++ {
		if i == 2 {
			continue
		}
		print(i, " ")
	}
	println()
	for i := 10; i < 5; i++ {
		println("never")
	}
	for i := 0; i < 1000; i++ {
		if i == 3 {
			break
		}
		print(i, " ")
	}
	println()
	for i := 0; i < 10; i++ {
		i += 2
		print(i, " ")
	}
	println()
	m := 3
	for i := 0; i < m; i++ {
		if i == 0 {
			m = 6
		}
		print(i, " ")
	}
	println()
	var k int64
	for k = -3; k <= 3000000000; k++ {
		if k == 2 {
			k = 2999999998
		}
	}
	println(k)
	total := 0
	for i := 0; i < 300; i++ {
		for j := 0; j <= i; j++ {
			total += j
		}
	}
	println(total)
}

// Output:
// 0 1 2 3 4 
// 0 1 3 4 5 
// 0 1 2 
// 2 5 8 11 
// 0 1 2 3 4 5 
// 3000000001
// 4499950
