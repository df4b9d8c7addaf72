// Embedded structs: promoted fields, by value and through a pointer.
package main

type Base struct {
	ID   int
	Name string
}

type Extra struct {
	Weight float64
}

type Item struct {
	Base
	*Extra
	Count int
}

type Outer struct {
	Item
	Tag string
}

func main() {
	it := Item{Base: Base{1, "one"}, Extra: &Extra{2.5}, Count: 3}
	println(it.ID, it.Name, it.Weight, it.Count)
	it.ID = 7
	it.Weight = 9.5
	println(it.Base.ID, it.Extra.Weight)
	o := Outer{Item: it, Tag: "t"}
	o.Name = "changed"
	println(o.ID, o.Name, o.Weight, o.Tag, it.Name)
	po := &o
	po.Count++
	println(o.Count, po.Item.Base.ID)
}

// Output:
// 1 one +2.500000e+000 3
// 7 +9.500000e+000
// 7 changed +9.500000e+000 t one
// 4 7
