package main

func main() {
	m := map[interface{}]int{}
	m[1] = 2
	k := []int{}
	defer func() { recover() }()
	_, _ = m[k]
}
