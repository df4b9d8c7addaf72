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

// An interface's method set: explicit methods first, then each embedded
// interface's at the embedding; a different signature is a duplicate.
type M32 interface{ m() int32 }
type M64 interface{ m() int64 }
type U6 interface{ m(); m() } // ERROR "duplicate method m\n\tiface.go:[0-9]+:20: other declaration of m"
type U7 interface{ M32; m() } // ERROR "duplicate method m\n\tiface.go:[0-9]+:25: other declaration of m"
type U9 interface{ M32; M64 } // ERROR "duplicate method m\n\tiface.go:[0-9]+:20: other declaration of m"
type U5 interface{ M32; M32 }
