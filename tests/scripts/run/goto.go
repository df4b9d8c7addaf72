// goto, forward and backward.
package main

func main() {
	i := 0
again:
	if i < 5 {
		print(i, " ")
		i++
		goto again
	}
	println()
	goto done
done:
	println("done")
	n := 0
	for {
		n++
		if n > 3 {
			goto out
		}
	}
out:
	println(n)
}

// Output:
// 0 1 2 3 4 
// done
// 4
