// Package portal calls XDG desktop portal methods over the D-Bus session
// bus. Portal methods that show a dialog answer twice: the call returns a
// Request object at once, and the real answer comes later as that
// object's Response signal. Request hides that: it subscribes to the
// signal on the predicted Request path before calling (so a fast answer
// cannot be missed), waits for the answer, and closes the Request when
// the context ends first.
//
// The package has code on Linux and FreeBSD only, where portals exist.
package portal
