// for loops: three-clause, condition-only, infinite with break.
package main

func main() {
	sum := 0
	for i := 0; i < 100; i++ {
		sum += i
	}
	println(sum)
	n := 1
	for n < 1000 {
		n *= 3
	}
	println(n)
	k := 0
	for {
		k++
		if k == 7 {
			break
		}
	}
	println(k)
	for i := 10; i > 0; i -= 3 {
		print(i, " ")
	}
	println()
	var j int
	for j = 0; j < 3; j++ {
	}
	println(j)
}

// Output:
// 4950
// 2187
// 7
// 10 7 4 1 
// 3
