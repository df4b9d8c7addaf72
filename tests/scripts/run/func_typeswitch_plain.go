// A type switch without a bound variable, with init statement and break.
package main

func main() {
	vals := []interface{}{1, "a", nil, 2.5, true}
	n := 0
	for _, v := range vals {
		switch x := v; x.(type) {
		case int:
			n += 1
		case string:
			n += 10
		case nil:
			n += 100
			break
		default:
			n += 1000
		}
	}
	println(n)
}

// Output:
// 2111
