package staff

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// productIDs reads the checked product_id boxes of a booth form; a value
// that is no id is refused on the field.
func productIDs(c *fiber.Ctx) ([]int64, error) {
	ids := []int64{}
	for _, raw := range c.Context().PostArgs().PeekMulti("product_id") {
		id, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return nil, fault.InvalidField("product_ids", "invalid_booth_products", nil)
		}
		ids = append(ids, id)
	}
	if form, err := c.MultipartForm(); err == nil {
		for _, raw := range form.Value["product_id"] {
			id, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return nil, fault.InvalidField("product_ids", "invalid_booth_products", nil)
			}
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// AddBooth answers POST /xuc-tien/hoi-cho/{id}/gian-hang: a booth of the
// chosen cooperative with the checked products.
func (h *Fairs) AddBooth(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := showcase.BoothInput{}
	in.CooperativeID, _ = strconv.ParseInt(c.FormValue("cooperative_id"), 10, 64)
	if in.ProductIDs, err = productIDs(c); err == nil {
		_, err = h.store.AddBooth(c.UserContext(), actor(c), id, in)
	}
	if err != nil {
		return h.fairProblem(c, id, err)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, id), "booth_added")
}

// booth reads the fair and booth ids of a booth route.
func booth(c *fiber.Ctx) (id, boothID int64, err error) {
	if id, err = idParam(c, "id"); err != nil {
		return 0, 0, err
	}
	if boothID, err = idParam(c, "booth"); err != nil {
		return 0, 0, err
	}
	return id, boothID, nil
}

// UpdateBooth answers POST /xuc-tien/hoi-cho/{id}/gian-hang/{booth}: the
// booth shows the checked products.
func (h *Fairs) UpdateBooth(c *fiber.Ctx) error {
	id, boothID, err := booth(c)
	if err != nil {
		return err
	}
	ids, err := productIDs(c)
	if err == nil {
		_, err = h.store.UpdateBooth(c.UserContext(), actor(c), id, boothID, showcase.BoothInput{ProductIDs: ids})
	}
	if err != nil {
		return h.fairProblem(c, id, err)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, id), "booth_saved")
}

// MoveBooth answers POST /xuc-tien/hoi-cho/{id}/gian-hang/{booth}/di-chuyen
// with dir up or down.
func (h *Fairs) MoveBooth(c *fiber.Ctx) error {
	id, boothID, err := booth(c)
	if err != nil {
		return err
	}
	delta := 0
	switch c.FormValue("dir") {
	case "up":
		delta = -1
	case "down":
		delta = 1
	default:
		return web.NotFound("direction")
	}
	if _, err := h.store.MoveBooth(c.UserContext(), actor(c), id, boothID, delta); err != nil {
		return h.fairProblem(c, id, err)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, id)+"#gian-"+strconv.FormatInt(boothID, 10), "booth_moved")
}

// RemoveBooth answers POST /xuc-tien/hoi-cho/{id}/gian-hang/{booth}/xoa.
func (h *Fairs) RemoveBooth(c *fiber.Ctx) error {
	id, boothID, err := booth(c)
	if err != nil {
		return err
	}
	if _, err := h.store.RemoveBooth(c.UserContext(), actor(c), id, boothID); err != nil {
		return h.fairProblem(c, id, err)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, id), "booth_removed")
}
