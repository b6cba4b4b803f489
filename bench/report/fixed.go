package main

import (
	"fmt"
	"net"
	"os"
	"time"

	"github.com/gofiber/fiber/v2"
)

// serveFixed is the fixed-string ceiling: a bare Fiber app whose one
// handler answers a fixed string, the most this stack answers on this
// machine. It listens on a free loopback port, prints its address on the
// first line of standard output and serves until it is terminated.
func serveFixed() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("fixed-string server: %w", err)
	}
	f := fiber.New(fiber.Config{DisableStartupMessage: true, IdleTimeout: time.Minute})
	f.Get("/", func(c *fiber.Ctx) error { return c.SendString("OCOP Market") })
	fmt.Fprintln(os.Stdout, ln.Addr().String())
	return f.Listener(ln)
}
