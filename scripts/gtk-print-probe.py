#!/usr/bin/python3
"""Prints one page through GTK's print system to the default printer,
with no dialog, and exits 0 once GTK has handed the job over.

scripts/print-chain.sh runs it to test the print chain the way the GTK
print dialog (behind the XDG desktop portal) uses it: GTK's CUPS backend
must list the printers and send a job. Where the system's libcups2 is
broken for GTK (OpenPrinting/cups#1429) this never returns, so the caller
runs it under `timeout`. It prints the printer GTK chose.

Run it with Debian's /usr/bin/python3 (python3-gi, gir1.2-gtk-3.0), with
DISPLAY set and CUPS_SERVER naming the scheduler to use.
"""

import sys

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402 (after require_version)


def main() -> int:
    op = Gtk.PrintOperation()
    op.set_job_name("sparekey-gtk-print-probe")
    op.set_n_pages(1)
    # An empty page is enough: what is tested is the way to CUPS.
    op.connect("draw-page", lambda *_: None)
    result = op.run(Gtk.PrintOperationAction.PRINT, None)
    settings = op.get_print_settings()
    printer = settings.get_printer() if settings else None
    if result != Gtk.PrintOperationResult.APPLY:
        print(f"GTK did not print: {result.value_nick}", file=sys.stderr)
        return 1
    print(printer or "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
