package main

import "fmt"

import (
	"context"
	"net/http"
	str "strings"
	. "math"
	_ "embed"
	_ "github.com/lib/pq" // driver

	"golang.org/x/sync/errgroup"
	yaml "gopkg.in/yaml.v3"
	"example.com/mod/internal/util"
	"./sibling"
	"../parent/pkg"
	`os`
	"mycompany/internal/tools"
)

import m "math/rand"

func main() {}
