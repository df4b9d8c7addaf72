// switch: tags, lists, default anywhere, no tag, fallthrough, init.
package main

func kind(x int) string {
	switch x {
	case 0:
		return "zero"
	case 1, 2, 3:
		return "small"
	default:
		return "other"
	case 10:
		return "ten"
	}
}

func main() {
	for _, x := range "" {
		println(x)
	}
	println(kind(0), kind(2), kind(10), kind(99))
	x := 5
	switch {
	case x > 3:
		println("big")
		fallthrough
	case x > 100:
		println("fell")
	case x > 1:
		println("not reached")
	}
	switch y := x * 2; y {
	case 10:
		println("ten")
	}
	switch s := "go"; s {
	case "c", "go":
		println("lang", s)
	default:
		println("?")
	}
	switch f := 2.5; {
	case f < 2:
		println("lt")
	default:
		println("ge")
	}
	switch {
	}
	switch x {
	case 4:
		println(4)
	case 5:
		if x == 5 {
			break
		}
		println("unreachable")
	}
	println("end")
}

// Output:
// zero small ten other
// big
// fell
// ten
// lang go
// ge
// end
