// Methods with value receivers on named non-struct types.
package main

type Celsius float64
type Name string

func (c Celsius) Fahrenheit() float64 { return float64(c)*9/5 + 32 }
func (c Celsius) Add(d Celsius) Celsius { return c + d }
func (n Name) Greet(greeting string) string { return greeting + ", " + string(n) }
func (n Name) Len() int { return len(n) }

func main() {
	c := Celsius(100)
	println(int(c.Fahrenheit()))
	println(int(c.Add(5).Add(-10)))
	n := Name("gopher")
	println(n.Greet("hello"), n.Len())
	println(Name("x").Greet("hi"))
}

// Output:
// 212
// 95
// hello, gopher 6
// hi, x
