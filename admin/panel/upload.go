package panel

import (
	"errors"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// PathID reads the positive id in the path parameter name; anything else
// names nothing: a 404 of what.
func PathID(c *fiber.Ctx, name, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound(what)
	}
	return id, nil
}

// NotFoundAs turns catalog.ErrNotFound into a 404 of what.
func NotFoundAs(err error, what string) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return web.NotFound(what)
	}
	return err
}

// Upload reads the file of the multipart field "file", refusing one over
// media.MaxBytes; a missing file, or a body that is not multipart, is a
// required field.
func Upload(c *fiber.Ctx) ([]byte, error) {
	fh, err := c.FormFile(media.Field)
	if err != nil {
		return nil, fault.InvalidField(media.Field, "required", nil)
	}
	if fh.Size > media.MaxBytes {
		return nil, fault.InvalidField(media.Field, "file_too_large", fault.Params{"max": "5 MB"})
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, media.MaxBytes+1))
}
