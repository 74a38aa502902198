//go:build !(linux || freebsd)

package savefile

import "context"

// ChoosePath returns ErrNoPortal: outside Linux and FreeBSD there is no
// XDG desktop portal, and the caller shows its own save dialog.
func ChoosePath(ctx context.Context, title, proposedName, folder string) (string, error) {
	return "", ErrNoPortal
}
