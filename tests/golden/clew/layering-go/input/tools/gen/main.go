package main

import (
	"os"

	"example.com/shop/internal/model"
)

func main() {
	_ = model.Item{SKU: os.Args[0]}
}
