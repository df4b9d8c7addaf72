// An error type with a pointer receiver, returned as error and compared.
package main

type NotFound struct{ key string }

func (e *NotFound) Error() string { return "not found: " + e.key }

var errSentinel error = &NotFound{"sentinel"}

func find(k string) error {
	if k == "s" {
		return errSentinel
	}
	if k != "ok" {
		return &NotFound{k}
	}
	return nil
}

func main() {
	println(find("ok") == nil)
	err := find("zz")
	println(err.Error())
	println(find("s") == errSentinel, err == errSentinel)
	if nf, ok := err.(*NotFound); ok {
		println("key", nf.key)
	}
}

// Output:
// true
// not found: zz
// true false
// key zz
