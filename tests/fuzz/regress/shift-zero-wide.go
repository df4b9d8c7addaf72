package main

const x = 0 << 64
const y = 0 << 1000

func main() {}
