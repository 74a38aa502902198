//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// secretsName is the Secret Service's bus name.
const secretsName = "org.freedesktop.secrets"

// busConfig is a session bus with no service files, so nothing on it
// starts on demand (not gnome-keyring, not its unlock prompter): it has
// exactly the services a test puts on it. It listens on a socket file
// (%s: its directory), which reaches into any network namespace.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// testBus is a dbus-daemon of one test.
type testBus struct {
	addr string
}

// newTestBus starts a bus (busConfig) and stops it when the test ends.
func newTestBus(t *testing.T) *testBus {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(busConfig, dir)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case a := <-addr:
		if !strings.HasPrefix(a, "unix:path=") {
			t.Fatalf("dbus-daemon printed the address %q, want unix:path=…", a)
		}
		return &testBus{addr: a}
	case <-time.After(20 * time.Second):
		t.Fatal("dbus-daemon printed no address within 20s")
	}
	return nil
}

// env is the environment entry that points a program at the bus.
func (b *testBus) env() string { return "DBUS_SESSION_BUS_ADDRESS=" + b.addr }

// hasOwner asks the bus whether name has an owner.
func (b *testBus) hasOwner(name string) bool {
	conn, err := dbus.Connect(b.addr)
	if err != nil {
		return false
	}
	defer conn.Close()
	var has bool
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return err == nil && has
}

// waitOwner waits up to 20 s until name has an owner (want) or none
// (!want), and reports whether it came to that.
func (b *testBus) waitOwner(name string, want bool) bool {
	for deadline := time.Now().Add(20 * time.Second); b.hasOwner(name) != want; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

// keyringDaemon is a gnome-keyring-daemon (Secret Service only) on a
// private bus, with a home and runtime directory of its own.
type keyringDaemon struct {
	bus  *testBus
	home string
	run  string
	cmd  *exec.Cmd
	log  string
}

// newKeyringDaemon makes a home and runtime directory for a daemon on bus.
func newKeyringDaemon(t *testing.T, bus *testBus) *keyringDaemon {
	t.Helper()
	root := t.TempDir()
	k := &keyringDaemon{bus: bus, home: filepath.Join(root, "home"), run: filepath.Join(root, "run")}
	for _, d := range []string{k.home, k.run} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(k.stop)
	return k
}

// startKeyring runs gnome-keyring's Secret Service on bus, unlocked.
func startKeyring(t *testing.T, bus *testBus) *keyringDaemon {
	t.Helper()
	k := newKeyringDaemon(t, bus)
	k.start(t, "unlocked", "--unlock")
	return k
}

// startLockedKeyring runs gnome-keyring with a login keyring that exists
// but is locked, as after a log-in that did not unlock it: the keyring is
// made (and unlocked) once with a password, the daemon is stopped, and a
// second one starts without --unlock. No prompter can start on the
// private bus, so an unlock request is dismissed at once.
func startLockedKeyring(t *testing.T, bus *testBus) *keyringDaemon {
	t.Helper()
	k := newKeyringDaemon(t, bus)
	k.start(t, "first", "--unlock")
	login := filepath.Join(k.files(), "login.keyring")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(login); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gnome-keyring made no %s within 20s; its log:\n%s", login, readFile(k.log))
		}
	}
	k.stop()
	if !bus.waitOwner(secretsName, false) {
		t.Fatalf("the first gnome-keyring still owns %s after it ended", secretsName)
	}
	k.start(t, "locked")
	return k
}

// start runs the daemon (its password, for --unlock, on standard input)
// and waits for it to own the Secret Service's name. Its own runtime
// directory keeps it from handing itself over to the session's daemon.
func (k *keyringDaemon) start(t *testing.T, name string, flags ...string) {
	t.Helper()
	k.log = filepath.Join(filepath.Dir(k.home), name+".log")
	logf, err := os.Create(k.log)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	k.cmd = exec.Command("gnome-keyring-daemon", append([]string{"--foreground", "--components=secrets"}, flags...)...)
	k.cmd.Env = environ("HOME="+k.home, "XDG_RUNTIME_DIR="+k.run, k.bus.env(),
		"GNOME_KEYRING_CONTROL=", "XDG_DATA_HOME="+filepath.Join(k.home, ".local/share"))
	k.cmd.Stdin = strings.NewReader("pw")
	k.cmd.Stdout, k.cmd.Stderr = logf, logf
	if err := k.cmd.Start(); err != nil {
		t.Fatalf("gnome-keyring-daemon: %v", err)
	}
	if !k.bus.waitOwner(secretsName, true) {
		t.Fatalf("gnome-keyring did not take %s on the private bus; its log:\n%s", secretsName, readFile(k.log))
	}
}

// stop ends the daemon (SIGTERM, then SIGKILL after 10 s).
func (k *keyringDaemon) stop() {
	if k.cmd != nil && k.cmd.ProcessState == nil {
		k.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { k.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			k.cmd.Process.Kill()
			<-done
		}
	}
}

// files is where the daemon keeps its keyrings.
func (k *keyringDaemon) files() string { return filepath.Join(k.home, ".local/share/keyrings") }

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// silentSecrets owns the Secret Service's name on the bus and never
// answers a call: a keyring that hangs. Every call waits in the handler
// until the test ends.
func silentSecrets(t *testing.T, bus *testBus) {
	t.Helper()
	h := silentHandler{stop: make(chan struct{})}
	conn, err := dbus.Connect(bus.addr, dbus.WithHandler(h))
	if err != nil {
		t.Fatalf("connect to the private bus: %v", err)
	}
	t.Cleanup(func() { close(h.stop); conn.Close() })
	reply, err := conn.RequestName(secretsName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("request %s: reply %v, %v", secretsName, reply, err)
	}
}

// silentHandler is a dbus.Handler that holds every incoming call until
// stop is closed, so no call is ever answered while the test runs.
type silentHandler struct{ stop chan struct{} }

func (h silentHandler) LookupObject(dbus.ObjectPath) (dbus.ServerObject, bool) {
	<-h.stop
	return nil, false
}
