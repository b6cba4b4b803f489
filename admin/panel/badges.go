package panel

import "github.com/gofiber/fiber/v2"

const localBadges = "panel.badges"

// StatusCounts counts a cooperative's orders by status once per request:
// the navigation's badge and a page's own status tabs share the count.
func StatusCounts(c *fiber.Ctx, b Badges, coopID int64) (map[string]int, error) {
	if m, ok := c.Locals(localBadges).(map[string]int); ok {
		return m, nil
	}
	m, err := b.StatusCounts(c.UserContext(), coopID)
	if err != nil {
		return nil, err
	}
	c.Locals(localBadges, m)
	return m, nil
}
