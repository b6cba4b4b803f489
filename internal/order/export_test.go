package order

// SetFailpoint makes checkouts of s call f at each named stage inside their
// transaction ("after_stock", "before_commit"); an error fails them there.
func SetFailpoint(s *Service, f func(stage string) error) { s.failpoint = f }
