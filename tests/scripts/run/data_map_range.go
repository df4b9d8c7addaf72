// Ranging over a map visits every entry once, in an unspecified order.
package main

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func main() {
	m := map[string]int{}
	for i := 0; i < 26; i++ {
		m[string(rune('a'+i))] = i
	}
	keys := make([]string, 0, len(m))
	sum := 0
	for k, v := range m {
		keys = append(keys, k)
		sum += v
	}
	sortStrings(keys)
	println(len(keys), sum, keys[0], keys[25])
	n := 0
	for k := range m {
		if m[k]%2 == 0 {
			delete(m, k)
		}
		n++
	}
	println(n, len(m))
	count := 0
	for range m {
		count++
	}
	println(count)
}

// Output:
// 26 325 a z
// 26 13
// 13
