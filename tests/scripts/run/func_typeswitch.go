// Type switches: single types, lists, nil and default.
package main

type Celsius float64

func kind(x interface{}) string {
	switch v := x.(type) {
	case nil:
		return "nil"
	case int:
		return "int " + string(rune('0'+v))
	case string:
		return "string " + v
	case bool, float64:
		return "bool or float64"
	case Celsius:
		if v > 30 {
			return "hot"
		}
		return "celsius"
	default:
		return "other"
	}
}

func main() {
	println(kind(nil))
	println(kind(7))
	println(kind("go"))
	println(kind(true))
	println(kind(1.5))
	println(kind(Celsius(40)))
	println(kind(Celsius(4)))
	println(kind(uint(3)))
}

// Output:
// nil
// int 7
// string go
// bool or float64
// bool or float64
// hot
// celsius
// other
