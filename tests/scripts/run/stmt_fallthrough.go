// switch: fallthrough, no-condition switches, multiple values per case,
// default in the middle, and init statements.
package main

import "fmt"

func grade(n int) string {
	s := ""
	switch {
	case n >= 90:
		s += "A"
		fallthrough
	case n >= 80:
		s += "B"
		fallthrough
	default:
		s += "."
	case n < 0:
		s = "neg"
	}
	return s
}

func main() {
	for _, n := range []int{95, 85, 10, -5} {
		fmt.Print(grade(n), " ")
	}
	fmt.Println()
	for i := 0; i < 6; i++ {
		switch x := i * 2; x {
		case 0, 2:
			fmt.Print("low ")
		case 4:
			fmt.Print("four ")
			fallthrough
		case 100:
			fmt.Print("(100) ")
		default:
			fmt.Print(x, " ")
		}
	}
	fmt.Println()
}

// Output:
// AB. B. . neg 
// low low four (100) 6 8 10 
