// Golden errors: method sets and interface satisfaction.

package main

type I interface{ M(int) }

type Val struct{}

func (Val) N() {}

type Ptr struct{}

func (*Ptr) M(int) {}

type Wrong struct{}

func (Wrong) M(string) {}

type A struct{}

func (A) M(int) {}

type B struct{}

func (B) M(int) {}

type AB struct {
	A
	B
}

func main() {
	var i I
	i = Val{} // ERROR "Val does not implement I \(missing M method\)"
	i = Ptr{} // ERROR "Ptr does not implement I \(M method has pointer receiver\)"
	i = Wrong{} // ERROR "Wrong does not implement I \(wrong type for M method\)\n\t\thave M\(string\)\n\t\twant M\(int\)"
	i = &Ptr{}
	_ = i
	var ab AB
	ab.M(1) // ERROR "ambiguous selector ab.M"
}

// Method expressions: ambiguous at the same depth, a field is no method.
var _ = AB.M // ERROR "ambiguous selector AB.M"

type F struct{ X int }

var _ = F.X // ERROR "F.X undefined \(type F has no method X\)"
var _ = F.Y // ERROR "F.Y undefined \(type F has no field or method Y\)"
