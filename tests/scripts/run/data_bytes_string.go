// []byte(s) copies; string(b) copies; bytes can be changed in place.
package main

func upper(b []byte) {
	for i := range b {
		if b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 32
		}
	}
}

func main() {
	s := "hello, world"
	b := []byte(s)
	upper(b)
	t := string(b)
	b[0] = 'J'
	println(s, t, string(b))
	println(len(b), len([]byte("")), string([]byte{}) == "")
	r := []byte{}
	for i := len(s) - 1; i >= 0; i-- {
		r = append(r, s[i])
	}
	println(string(r))
}

// Output:
// hello, world HELLO, WORLD JELLO, WORLD
// 12 0 true
// dlrow ,olleh
