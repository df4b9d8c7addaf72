// break and continue, labeled and not.
package main

func main() {
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			continue
		}
		if i > 7 {
			break
		}
		print(i, " ")
	}
	println()
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			print(i, j, " ")
		}
	}
	println()
	count := 0
loop:
	for {
		switch {
		case count < 3:
			count++
			continue loop
		default:
			break loop
		}
	}
	println(count)
}

// Output:
// 1 3 5 7 
// 00 01 10 11 20 21 
// 3
