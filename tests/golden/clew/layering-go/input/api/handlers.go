package api

import (
	"log"
	"net/http"

	"example.com/shop/internal/store"
)

func Handler(s *store.Store) http.HandlerFunc {
	log.Println("handler")
	return nil
}
