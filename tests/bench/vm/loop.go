// An integer loop of 1e8 iterations: the dispatch loop's cost per
// iteration (an add, a multiply-free mix, a compare-and-branch).
package main

func main() {
	sum := 0
	for i := 0; i < 100000000; i++ {
		sum += i ^ (i >> 3)
	}
	println(sum)
}
