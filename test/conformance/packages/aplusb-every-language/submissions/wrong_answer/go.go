package main
import "fmt"
func main() { var a, b int64; fmt.Scan(&a, &b); if a > 1 { b++ }; fmt.Println(a + b) }
