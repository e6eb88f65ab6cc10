// Package gateway serves the inventory over HTTP.
package gateway

import (
	"encoding/json"
	"net/http"

	"github.com/example/inventory/core"
)

// Item is an item in stock as the API shows it.
type Item struct {
	SKU      string   `json:"sku"`
	Quantity int      `json:"quantity"`
	Tags     []string `json:"tags,omitempty"`
	internal string
}

// Store looks items up.
type Store interface {
	Get(sku string) (*Item, error)
}

// Server answers HTTP requests.
type Server struct {
	store Store
	ledger *core.Ledger
}

// ServeHTTP writes the item named by the sku query parameter.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	item, err := s.store.Get(r.URL.Query().Get("sku"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	_ = json.NewEncoder(w).Encode(item)
}

// Restock adds units to an item; the supplier API is not wired yet.
func (s *Server) Restock(sku string, quantity int) (*Item, error) {
	panic("not implemented")
}
