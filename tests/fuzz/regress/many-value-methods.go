package main

// Enough functions that the method-table wrappers grow the function
// table while it is being indexed.
type U struct {
	a *string
	b **string
}

func (u U) A() *string  { return u.a }
func (u U) B() **string { return u.b }
func (u U) C() *string  { return *u.b }
func (u U) D() *string  { return u.a }
func (u U) E() *string  { return u.a }
func (u U) F() *string  { return u.a }
func (u U) G() *string  { return u.a }
func (u U) H() *string  { return u.a }
func (u U) I() *string  { return u.a }
func (u U) J() *string  { return u.a }
func (u U) K() *string  { return u.a }
func (u U) L() *string  { return u.a }
func (u U) M() *string  { return u.a }
func (u U) N() *string  { return u.a }
func (u U) O() *string  { return u.a }
func (u U) P() *string  { return u.a }
func (u U) Q() *string  { return u.a }
func (u U) R() *string  { return u.a }
func (u U) S() *string  { return u.a }
func (u U) T() *string  { return u.a }
func (u U) V() *string  { return u.a }
func (u U) W() *string  { return u.a }
func (u U) X() *string  { return u.a }
func (u U) Y() *string  { return u.a }
func (u U) Z() *string  { return u.a }

func main() {
	s := "ok"
	var i interface{ A() *string } = U{a: &s}
	println(*i.A())
}
