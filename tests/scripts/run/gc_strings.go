// Strings built in a loop survive collections: the collector finds them
// in the VM's frames and globals through the pointer bitmaps.
package main

var keep string

func build(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s = s + string(rune('a'+i%26))
		if len(s) > 1000 {
			s = s[500:]
		}
	}
	return s
}

func main() {
	total := 0
	for round := 0; round < 200; round++ {
		t := build(3000)
		total += len(t)
		if round == 7 {
			keep = t[:10] + "!"
		}
		junk := ""
		for j := 0; j < 100; j++ {
			junk = junk + "0123456789abcdef0123456789abcdef"
		}
		total += len(junk) - 3200
	}
	println(total, keep, len(keep))
}

// Output:
// 200000 yzabcdefgh! 11
