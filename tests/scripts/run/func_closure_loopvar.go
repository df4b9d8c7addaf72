// A loop variable is one variable for the whole loop (Go 1.19): closures made in the loop share it.
package main

func main() {
	var a, b, c func() int
	for i := 0; i < 3; i++ {
		switch i {
		case 0:
			a = func() int { return i }
		case 1:
			b = func() int { return i }
		default:
			c = func() int { return i }
		}
	}
	println(a(), b(), c())
	for i := 0; i < 3; i++ {
		j := i
		switch i {
		case 0:
			a = func() int { return j }
		case 1:
			b = func() int { return j }
		default:
			c = func() int { return j }
		}
	}
	println(a(), b(), c())
}

// Output:
// 3 3 3
// 0 1 2
