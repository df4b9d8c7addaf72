// Golden errors: why a type does not implement an interface, in
// assignments, conversions, type assertions and type switch cases. A
// method whose name differs only in case is shown as "have"/"want".

package main

type I interface{ M(int) }

type Lower struct{}

func (*Lower) m(int) {}

type Res struct{}

func (Res) m(int) string { return "" }

type Emb struct{ Lower }

func f(I) {}

func main() {
	var i I
	f(new(Lower))   // ERROR "cannot use new\(Lower\) \(value of type \*Lower\) as type I in argument to f:\n\t\*Lower does not implement I \(missing M method\)\n\t\thave m\(int\)\n\t\twant M\(int\)"
	i = I(new(Res)) // ERROR "cannot convert new\(Res\) \(value of type \*Res\) to type I:\n\t\*Res does not implement I \(missing M method\)\n\t\thave m\(int\) string\n\t\twant M\(int\)"
	i = &Emb{}      // ERROR "cannot use &Emb{} \(value of type \*Emb\) as type I in assignment:\n\t\*Emb does not implement I \(missing M method\)\n\t\thave m\(int\)\n\t\twant M\(int\)"
	_ = i.(Res)     // ERROR "impossible type assertion: i.\(Res\)\n\tRes does not implement I \(missing M method\)\n\t\thave m\(int\) string\n\t\twant M\(int\)"
	switch i.(type) {
	case *Lower: // ERROR "impossible type switch case: \*Lower\n\ti \(variable of type I\) cannot have dynamic type \*Lower \(missing M method\)\n\t\thave m\(int\)\n\t\twant M\(int\)"
	}
}
