package web

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

type clientIPKey struct{}

// ClientIP returns the address of the client that sent the request, as
// found by the middleware of Common: always a well-formed IP address, fit
// for a rate-limit key.
func ClientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(clientIPKey{}).(string); ok {
		return ip
	}
	return connAddr(c).String()
}

// clientAddress finds the client's address once per request. A connection
// from one of the trusted proxies stands for the right-most address of
// X-Forwarded-For that is not itself a trusted proxy: the addresses left of
// it were written by the client and prove nothing. A header that does not
// parse counts as absent.
func clientAddress(trusted []netip.Prefix) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(clientIPKey{}, forwardedFor(c, trusted).String())
		return c.Next()
	}
}

func forwardedFor(c *fiber.Ctx, trusted []netip.Prefix) netip.Addr {
	conn := connAddr(c)
	if !trustedAddr(conn, trusted) {
		return conn
	}
	var hops []string
	for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		hops = append(hops, strings.Split(string(v), ",")...)
	}
	client := conn
	for i := len(hops) - 1; i >= 0; i-- {
		addr, ok := parseHop(hops[i])
		if !ok {
			return conn
		}
		client = addr
		if !trustedAddr(addr, trusted) {
			break
		}
	}
	return client
}

// parseHop reads one address of X-Forwarded-For, with or without a port.
// An IPv6 zone (fe80::1%eth0) is refused: it is free text.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	addr, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return netip.Addr{}, false
		}
		addr = ap.Addr()
	}
	return addr.Unmap(), addr.Zone() == ""
}

func connAddr(c *fiber.Ctx) netip.Addr {
	addr, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return netip.IPv4Unspecified()
	}
	return addr.Unmap()
}

func trustedAddr(addr netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
