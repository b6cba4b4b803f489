package pagecache

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// Cache-Control of kept answers: a browser (or a shared cache) may keep
// them but must ask again each time, which costs a 304 when nothing
// changed, so a change shows on the next view. An answer with a personal
// block is for its visitor only.
const (
	cacheControl         = "no-cache"
	cacheControlPersonal = "private, no-cache"
)

// Handler returns the middleware that caches whole answers, the same for
// every visitor whatever cookies they carry (the JSON reads of the
// catalog). Mount it on a GET route, after the language middleware when
// the route has one: the language it chose is part of the key.
func (c *Cache) Handler() fiber.Handler { return c.handler(nil) }

// PersonalHandler returns the middleware that caches pages with a
// personal block (see Personal). Mount it on a GET route after the
// language middleware.
func (c *Cache) PersonalHandler(p Personal) fiber.Handler {
	if p.Render == nil {
		panic("pagecache: Personal.Render is nil")
	}
	return c.handler(&p)
}

func (c *Cache) handler(p *Personal) fiber.Handler {
	return func(ctx *fiber.Ctx) error {
		if m := ctx.Method(); m != fiber.MethodGet && m != fiber.MethodHead {
			return ctx.Next()
		}
		personal := false
		if p != nil {
			if p.bypass(ctx) {
				return ctx.Next()
			}
			personal = p.applies(ctx)
		}
		version := c.version()
		if version == Off {
			return ctx.Next()
		}
		var buf [256]byte
		key := appendKey(buf[:0], ctx)
		sh := c.shardOf(key)
		if e := sh.get(key); e != nil && e.version == version {
			return c.serve(ctx, sh, e, p, personal)
		}
		return c.miss(ctx, sh, string(key), version, p, personal)
	}
}

// appendKey appends the key of the request to b: its path, its query as
// sent and the language chosen for it.
func appendKey(b []byte, ctx *fiber.Ctx) []byte {
	u := ctx.Request().URI()
	b = append(b, u.Path()...)
	if q := u.QueryString(); len(q) > 0 {
		b = append(b, '?')
		b = append(b, q...)
	}
	b = append(b, 0)
	return append(b, i18n.Chosen(ctx)...)
}

// miss renders the answer of key for the cache, or waits for the render
// of it already under way and serves that.
func (c *Cache) miss(ctx *fiber.Ctx, sh *shard, key string, version uint64, p *Personal, personal bool) error {
	f, lead := sh.join(key)
	if !lead {
		select {
		case <-f.done:
		case <-ctx.UserContext().Done():
			return fmt.Errorf("pagecache: waiting for %q: %w", key, ctx.UserContext().Err())
		}
		if f.entry != nil && f.entry.version == version {
			return c.serve(ctx, sh, f.entry, p, personal)
		}
		return ctx.Next() // not keepable: this visitor's own render
	}
	var kept *entry
	defer func() { sh.land(key, f, kept) }() // on a panic too, so waiters go on
	before := headerValues(&ctx.Response().Header)
	ctx.Locals(localStoring, true)
	err := ctx.Next()
	ctx.Locals(localStoring, false)
	if err != nil {
		return err
	}
	resp := ctx.Response()
	body, block, hasBlock := cut(resp.Body())
	if keepable(ctx) {
		kept = newEntry(key, version, handlerHeaders(&resp.Header, before), body, block, hasBlock)
		resp.ResetBody()
		return c.serve(ctx, sh, kept, p, personal)
	}
	if !hasBlock {
		return nil
	}
	// Rendered for the cache but not kept: sent now, with the visitor's
	// own block when they have one.
	if personal {
		own, err := p.Render(ctx)
		if err != nil {
			return fmt.Errorf("pagecache: personal block of %q: %w", key, err)
		}
		resp.SetBodyRaw(splice(body, block, own))
		return nil
	}
	resp.SetBodyRaw(body)
	return nil
}

// keepable reports whether the answer just rendered may be kept: a 200
// without cookies, not compressed yet, that its handler did not mark
// NoStore nor keep out of caches itself.
func keepable(ctx *fiber.Ctx) bool {
	resp := ctx.Response()
	if resp.StatusCode() != fiber.StatusOK || len(resp.Header.ContentEncoding()) > 0 {
		return false
	}
	if no, _ := ctx.Locals(localNoStore).(bool); no {
		return false
	}
	cookies := false
	resp.Header.VisitAllCookie(func(_, _ []byte) { cookies = true })
	if cookies {
		return false
	}
	cc := resp.Header.Peek(fiber.HeaderCacheControl)
	return !bytes.Contains(cc, []byte("no-store")) && !bytes.Contains(cc, []byte("private"))
}

// serve answers from e: 304 when the browser has this very answer, else
// the body in the best coding the browser takes, or, for a visitor with a
// personal block, the body with their block, compressed by the site's own
// compression on the way out.
func (c *Cache) serve(ctx *fiber.Ctx, sh *shard, e *entry, p *Personal, personal bool) error {
	h := &ctx.Response().Header
	replay(h, e.header)
	personal = personal && e.hasBlock
	if len(h.Peek(fiber.HeaderCacheControl)) == 0 {
		if personal {
			h.Set(fiber.HeaderCacheControl, cacheControlPersonal)
		} else {
			h.Set(fiber.HeaderCacheControl, cacheControl)
		}
	}
	ctx.Vary(fiber.HeaderAcceptEncoding)
	ctx.Status(fiber.StatusOK)
	if personal {
		own, err := p.Render(ctx)
		if err != nil {
			return fmt.Errorf("pagecache: personal block of %q: %w", e.key, err)
		}
		tag := personalTag(e, own)
		h.Set(fiber.HeaderETag, tag)
		if notModified(ctx, tag) {
			return nil
		}
		// Decoded into a pooled buffer and written into the answer's own:
		// no page-sized allocation per request.
		page := c.decode(e)
		defer c.release(page)
		resp := ctx.Response()
		resp.ResetBody()
		resp.AppendBody((*page)[:e.block[0]])
		resp.AppendBody(own)
		resp.AppendBody((*page)[e.block[1]:])
		return nil
	}
	var body []byte
	tag := e.etag
	accept := ctx.Request().Header.Peek(fiber.HeaderAcceptEncoding)
	enc := accepted(accept)
	if enc == encIdentity && len(accept) > 0 {
		// A coding the cache does not keep (deflate) may still be applied
		// by the site's compression on the way out: the tag is weak then.
		tag = "W/" + e.etag
	}
	if enc != encIdentity {
		b, made := e.compressed(enc)
		if made > 0 {
			sh.grew(e, made)
		}
		if b == nil {
			enc = encIdentity // too small to gain from it
			tag = "W/" + e.etag
		} else {
			body, tag = b, e.tags[enc]
		}
	}
	h.Set(fiber.HeaderETag, tag)
	if notModified(ctx, tag) {
		return nil
	}
	if enc != encIdentity {
		h.Set(fiber.HeaderContentEncoding, enc.name())
		ctx.Response().SetBodyRaw(body)
		return nil
	}
	page := c.decode(e)
	defer c.release(page)
	resp := ctx.Response()
	resp.ResetBody()
	resp.AppendBody(*page)
	return nil
}

// notModified answers 304 when If-None-Match names tag (compared weakly,
// as RFC 9110 has it for GET and HEAD).
func notModified(ctx *fiber.Ctx, tag string) bool {
	inm := ctx.Request().Header.Peek(fiber.HeaderIfNoneMatch)
	if len(inm) == 0 || !matches(inm, tag) {
		return false
	}
	ctx.Status(fiber.StatusNotModified)
	ctx.Response().ResetBody()
	return true
}

// matches reports whether the If-None-Match list inm names tag or is "*".
func matches(inm []byte, tag string) bool {
	want := bytes.TrimPrefix([]byte(tag), []byte("W/"))
	for part := range bytes.SplitSeq(inm, []byte(",")) {
		part = bytes.TrimSpace(part)
		if bytes.Equal(part, []byte("*")) || bytes.Equal(bytes.TrimPrefix(part, []byte("W/")), want) {
			return true
		}
	}
	return false
}
