package main

import (
	"fmt"

	"example.com/shop/api"
	"example.com/shop/internal/store"
	"github.com/google/uuid"
)

func main() {
	s := store.New()
	fmt.Println(api.Handler(s), uuid.New())
}
