// select: default when nothing is ready, the one ready case otherwise,
// sends and receives mixed, nil channels never ready, break, and
// comma-ok on a closed channel.
package main

func main() {
	c := make(chan int, 1)
	d := make(chan string, 1)
	var never chan int
	for i := 0; i < 6; i++ {
		select {
		case v := <-c:
			println("received", v)
		case d <- "x":
			println("sent to d")
		case <-never:
			println("impossible")
		default:
			println("default")
			c <- i
		}
		if i == 2 {
			println(<-d)
		}
	}
	select {
	case s, ok := <-d:
		println("d:", s, ok)
	case v := <-c:
		println("c:", v)
	}
	close(c)
	n := 0
	for {
		select {
		case v, ok := <-c:
			println(v, ok)
			n++
			if n == 2 {
				break
			}
			continue
		}
		break
	}
	res := make(chan int)
	go func() {
		sum := 0
		for i := 0; i < 3; i++ {
			select {
			case v := <-res:
				sum += v
			}
		}
		res <- sum
	}()
	res <- 1
	res <- 2
	res <- 3
	println("sum", <-res)
}

// Output:
// sent to d
// default
// received 1
// x
// sent to d
// default
// received 4
// d: x true
// 0 false
// 0 false
// sum 6
