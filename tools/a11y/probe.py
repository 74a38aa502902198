#!/usr/bin/python3
"""Reads the AT-SPI accessibility tree from outside, as a screen reader does.

    probe.py NAME...

Waits up to 20 s for an application named NAME on the AT-SPI registry
(each NAME in turn), prints its tree (role, name, description) and exits 1
if one never appears. Run inside a session whose AT-SPI bus is up
(tools/a11y/probe.sh). Needs Debian's python3-pyatspi.
"""
import sys
import time

import pyatspi


def tree(acc, depth=0, out=None):
    out = [] if out is None else out
    try:
        role, name, desc = acc.getRoleName(), acc.name, acc.description
    except Exception as err:  # an object that vanished meanwhile
        out.append("  " * depth + f"<gone: {err}>")
        return out
    out.append("  " * depth + f"{role}: {name!r}" + (f" ({desc!r})" if desc else ""))
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            tree(child, depth + 1, out)
    return out


def main(names):
    missing = []
    for want in names:
        found = None
        for _ in range(40):
            desktop = pyatspi.Registry.getDesktop(0)
            apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
            found = next((a for a in apps if a is not None and want.lower() in (a.name or "").lower()), None)
            if found:
                break
            time.sleep(0.5)
        if found is None:
            print(f"{want}: not on the AT-SPI registry; it has: {[a.name for a in apps if a is not None]}")
            missing.append(want)
            continue
        print(f"{want}: on the AT-SPI registry")
        print("\n".join(tree(found)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
