// Package migrations embeds the SQL schema migrations, one folder per
// dialect, run by goose through internal/db.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
