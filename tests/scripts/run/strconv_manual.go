// Building strings from numbers by hand.
package main

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	if neg {
		s = "-" + s
	}
	return s
}

func reverse(s string) string {
	r := ""
	for i := len(s) - 1; i >= 0; i-- {
		r += s[i : i+1]
	}
	return r
}

func main() {
	println(itoa(12345), itoa(-907), itoa(0))
	println(reverse("stressed"))
	n := 0
	for _, c := range "a1b2c3" {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	println(n)
}

// Output:
// 12345 -907 0
// desserts
// 123
