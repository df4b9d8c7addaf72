// The error interface with a user type.
package main

type MyErr string

func (e MyErr) Error() string { return "myerr: " + string(e) }

func check(n int) error {
	if n < 0 {
		return MyErr("negative")
	}
	return nil
}

func main() {
	if err := check(1); err == nil {
		println("ok")
	}
	err := check(-1)
	println(err != nil, err.Error())
	if e, ok := err.(MyErr); ok {
		println("MyErr", string(e))
	}
}

// Output:
// ok
// true myerr: negative
// MyErr negative
