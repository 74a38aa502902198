//go:build linux || freebsd

package portal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/godbus/dbus/v5"
)

const (
	// BusName and ObjectPath address the portal frontend.
	BusName    = "org.freedesktop.portal.Desktop"
	ObjectPath = dbus.ObjectPath("/org/freedesktop/portal/desktop")

	requestIface = "org.freedesktop.portal.Request"
)

var (
	// ErrUnavailable means there is no session bus, no portal on it, or
	// the portal lacks the interface asked for.
	ErrUnavailable = errors.New("desktop portal not available")
	// ErrCancelled means the person dismissed the dialog (response 1).
	ErrCancelled = errors.New("portal request cancelled")
	// ErrEnded means the portal ended the request some other way
	// (response 2), for example because its dialog could not be shown.
	ErrEnded = errors.New("portal request ended without an answer")
)

// Conn is a private connection to the session bus. Each Conn has its own
// unique name, so concurrent requests never see each other's signals.
type Conn struct {
	c *dbus.Conn
}

// Connect opens a private connection to the session bus.
func Connect() (*Conn, error) {
	c, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, fmt.Errorf("%w: session bus: %w", ErrUnavailable, err)
	}
	return &Conn{c: c}, nil
}

// Close closes the connection.
func (c *Conn) Close() error { return c.c.Close() }

// Version returns the version property of a portal interface, which
// doubles as the check that the portal runs and offers that interface
// (the frontend exports only interfaces some backend implements).
func (c *Conn) Version(ctx context.Context, iface string) (uint32, error) {
	var v dbus.Variant
	err := c.c.Object(BusName, ObjectPath).CallWithContext(ctx,
		"org.freedesktop.DBus.Properties.Get", 0, iface, "version").Store(&v)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, fmt.Errorf("%w: %s: %w", ErrUnavailable, iface, err)
	}
	version, ok := v.Value().(uint32)
	if !ok {
		return 0, fmt.Errorf("%w: %s version is %s, not a uint32", ErrUnavailable, iface, v.Signature())
	}
	return version, nil
}

// Request calls method (interface and member, like
// "org.freedesktop.portal.Print.PreparePrint") on the portal with args
// followed by options, to which it adds a fresh handle_token, and returns
// the results of a successful response (0). Response 1 gives ErrCancelled
// and 2 ErrEnded. A portal that is missing gives ErrUnavailable. When ctx
// ends first, the request (and its dialog) is closed and ctx's error
// returned.
func (c *Conn) Request(ctx context.Context, method string, args []any, options map[string]dbus.Variant) (map[string]dbus.Variant, error) {
	names := c.c.Names()
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: connection has no unique name", ErrUnavailable)
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	opts := make(map[string]dbus.Variant, len(options)+1)
	for k, v := range options {
		opts[k] = v
	}
	opts["handle_token"] = dbus.MakeVariant(token)

	// The portal names the Request object after our unique name and the
	// token; listen there before calling so the answer cannot slip by.
	predicted := RequestPath(names[0], token)
	signals := make(chan *dbus.Signal, 8)
	c.c.Signal(signals)
	defer c.c.RemoveSignal(signals)
	match := func(p dbus.ObjectPath) []dbus.MatchOption {
		return []dbus.MatchOption{
			dbus.WithMatchObjectPath(p),
			dbus.WithMatchInterface(requestIface),
			dbus.WithMatchMember("Response"),
		}
	}
	if err := c.c.AddMatchSignalContext(ctx, match(predicted)...); err != nil {
		return nil, fmt.Errorf("%w: subscribe to portal response: %w", ErrUnavailable, err)
	}
	defer c.c.RemoveMatchSignal(match(predicted)...) //nolint:errcheck // best effort on a closing connection

	var handle dbus.ObjectPath
	call := c.c.Object(BusName, ObjectPath).CallWithContext(ctx, method, 0, append(args, opts)...)
	if err := call.Store(&handle); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if missing(err) {
			return nil, fmt.Errorf("%w: %s: %w", ErrUnavailable, method, err)
		}
		return nil, fmt.Errorf("portal %s: %w", method, err)
	}
	if handle != predicted {
		// Portals before version 0.9 chose their own path. The answer
		// can only come after the call returned, so subscribing now is
		// still in time for a dialog a person has to answer.
		if err := c.c.AddMatchSignalContext(ctx, match(handle)...); err != nil {
			return nil, fmt.Errorf("subscribe to portal response: %w", err)
		}
		defer c.c.RemoveMatchSignal(match(handle)...) //nolint:errcheck // best effort
	}

	for {
		select {
		case <-ctx.Done():
			// Closing the Request dismisses its dialog.
			c.c.Object(BusName, handle).Call(requestIface+".Close", dbus.FlagNoReplyExpected)
			return nil, ctx.Err()
		case sig, ok := <-signals:
			if !ok {
				return nil, fmt.Errorf("portal %s: session bus connection closed", method)
			}
			if sig.Path != handle || sig.Name != requestIface+".Response" {
				continue
			}
			var (
				response uint32
				results  map[string]dbus.Variant
			)
			if err := dbus.Store(sig.Body, &response, &results); err != nil {
				return nil, fmt.Errorf("portal %s: malformed response: %w", method, err)
			}
			switch response {
			case 0:
				return results, nil
			case 1:
				return nil, ErrCancelled
			default:
				return nil, fmt.Errorf("portal %s: %w (response %d)", method, ErrEnded, response)
			}
		}
	}
}

// RequestPath is the object path the portal gives the Request made by
// the connection with unique name sender and the given handle token.
func RequestPath(sender, token string) dbus.ObjectPath {
	s := strings.ReplaceAll(strings.TrimPrefix(sender, ":"), ".", "_")
	return ObjectPath + "/request/" + dbus.ObjectPath(s) + "/" + dbus.ObjectPath(token)
}

func newToken() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("portal handle token: %w", err)
	}
	return "sparekey_" + hex.EncodeToString(b), nil
}

// missing reports whether a call failed because the service, object,
// interface or method is not there.
func missing(err error) bool {
	var de dbus.Error
	if !errors.As(err, &de) {
		var dp *dbus.Error
		if !errors.As(err, &dp) {
			return false
		}
		de = *dp
	}
	switch de.Name {
	case "org.freedesktop.DBus.Error.ServiceUnknown",
		"org.freedesktop.DBus.Error.NameHasNoOwner",
		"org.freedesktop.DBus.Error.UnknownObject",
		"org.freedesktop.DBus.Error.UnknownInterface",
		"org.freedesktop.DBus.Error.UnknownMethod":
		return true
	}
	return strings.HasPrefix(de.Name, "org.freedesktop.DBus.Error.Spawn.")
}
