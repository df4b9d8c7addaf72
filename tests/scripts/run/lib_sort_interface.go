package main

import (
	"fmt"
	"sort"
)

func main() {
	ba := byAge{{"a", 3}, {"b", 1}, {"c", 3}, {"d", 2}, {"e", 1}, {"f", 0}, {"g", 2}}
	sort.Sort(ba)
	fmt.Println(ba, sort.IsSorted(ba))
	bb := byAge{{"a", 3}, {"b", 1}, {"c", 3}, {"d", 2}, {"e", 1}, {"f", 0}, {"g", 2}}
	sort.Stable(bb)
	fmt.Println(bb)
	big := make(byAge, 200)
	for i := range big {
		big[i] = person{fmt.Sprint(i), (i * 7919) % 13}
	}
	sort.Sort(big)
	fmt.Println(big[:30])
}

type person struct {
	name string
	age  int
}

type byAge []person

func (a byAge) Len() int           { return len(a) }
func (a byAge) Less(i, j int) bool { return a[i].age < a[j].age }
func (a byAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }

var _ = 0

func init() {
	_ = byAge(nil)
}

// Output:
// [{f 0} {b 1} {e 1} {d 2} {g 2} {a 3} {c 3}] true
// [{f 0} {b 1} {e 1} {d 2} {g 2} {a 3} {c 3}]
// [{0 0} {65 0} {143 0} {91 0} {52 0} {195 0} {156 0} {26 0} {39 0} {130 0} {104 0} {169 0} {182 0} {13 0} {78 0} {117 0} {111 1} {176 1} {124 1} {150 1} {20 1} {46 1} {59 1} {189 1} {163 1} {137 1} {7 1} {98 1} {72 1} {33 1}]
