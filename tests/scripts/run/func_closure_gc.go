// Many closures with captured strings survive collections (the cells are scanned).
package main

func mk(i int) func() string {
	s := "v" + string(rune('0'+i%10))
	return func() string { return s + s }
}

func main() {
	total := 0
	var keep func() string
	for i := 0; i < 200000; i++ {
		f := mk(i)
		if i == 12345 {
			keep = f
		}
		total += len(f())
	}
	println(total, keep())
}

// Output:
// 800000 v5v5
