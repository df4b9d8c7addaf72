// Maps and slices of pointers and strings survive collections (GOGC=5).
// Env: GOGC=5
package main

type Rec struct {
	Key  string
	Vals []string
}

func main() {
	m := map[string]*Rec{}
	for i := 0; i < 3000; i++ {
		k := string(rune('a'+i%26)) + string(rune('a'+i/26%26))
		r := m[k]
		if r == nil {
			r = &Rec{Key: k}
			m[k] = r
		}
		r.Vals = append(r.Vals, k+"!")
	}
	n := 0
	bad := 0
	for k, r := range m {
		if r.Key != k {
			bad++
		}
		for _, v := range r.Vals {
			if v != k+"!" {
				bad++
			}
			n++
		}
	}
	println(len(m), n, bad)
	arr := make([][]byte, 0)
	for i := 0; i < 2000; i++ {
		arr = append(arr, []byte("item"))
		arr[i][0] = byte('A' + i%26)
	}
	println(string(arr[1999]), string(arr[26]))
}

// Output:
// 676 3000 0
// Xtem Atem
