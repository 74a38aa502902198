# shellcheck shell=bash
# The print chain of the test session, sourced by scripts/test-session.sh:
# a private CUPS scheduler with a cups-pdf queue "PDF", a check that GTK
# (what the print dialog behind the XDG portal uses) can print through it,
# and the narrow workaround for a broken libcups2 when it cannot.
#
# Needs lib.sh (die, wait_for), as_root and $logs from the caller.
# shellcheck disable=SC2154 # logs is the caller's

cupsd_pid=
cups_logs=
# The queue's device URI names the cups-pdf settings to use: cups-pdf:/NAME
# reads /etc/cups/cups-pdf-NAME.conf (the path is built into cups-pdf),
# whose Out points into the test home. The name is the run's own.
cups_name=sparekey-${SPAREKEY_TEST_RUN#sparekey-test.}
cups_pdf_conf=/etc/cups/cups-pdf-$cups_name.conf
cups_uri=cups-pdf:/$cups_name

cups_running() { lpstat -r 2>/dev/null | grep -q 'is running'; }

# cups_stop: stops the session's scheduler and removes its queue's settings.
cups_stop() {
	if [[ -n $cupsd_pid ]]; then
		as_root kill "$cupsd_pid" 2>/dev/null || true
		wait "$cupsd_pid" 2>/dev/null || true
	fi
	if [[ -f $cups_pdf_conf ]]; then
		as_root rm -f "$cups_pdf_conf" || true
	fi
}

# The scheduler is the session's own: its configuration, spool and logs
# live in the session's temporary folder and it listens only on a Unix
# socket there, never on localhost:631. So the tests neither add a queue
# to (nor change the default printer of) a CUPS the machine already
# runs, nor clash with one in another root that shares this network
# namespace (scripts/fresh-check.sh). Every CUPS client the session
# starts, GTK's included, finds it through CUPS_SERVER.
cups_start_private() {
	local dir=$SPAREKEY_TEST_ROOT/cups
	mkdir -p "$dir"/{etc,spool/tmp,cache,state,log}
	# Filters run as the lp user and must reach the spool: the session's
	# folder is 0700; let others through it, not list it.
	chmod 0711 "$SPAREKEY_TEST_ROOT"
	chmod 0755 "$dir"
	# The system's policies and limits, with the session's own listener.
	grep -vE '^[[:space:]]*(Listen|Port|Browsing|BrowseLocalProtocols|WebInterface|IdleExitTimeout)[[:space:]]' \
		/etc/cups/cupsd.conf >"$dir/etc/cupsd.conf"
	cat >>"$dir/etc/cupsd.conf" <<-EOF
		Listen $dir/cups.sock
		Browsing No
		WebInterface No
	EOF
	cat >"$dir/etc/cups-files.conf" <<-EOF
		SystemGroup root lpadmin
		PeerCred on
		ServerRoot $dir/etc
		RequestRoot $dir/spool
		TempDir $dir/spool/tmp
		CacheDir $dir/cache
		StateDir $dir/state
		AccessLog $dir/log/access_log
		ErrorLog $dir/log/error_log
		PageLog $dir/log/page_log
	EOF
	export CUPS_SERVER=$dir/cups.sock
	local -a cupsd=(/usr/sbin/cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf")
	as_root /usr/sbin/cupsd -t -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" >"$logs/cupsd-config.log" 2>&1 ||
		die "cupsd refused the session's configuration: $(cat "$logs/cupsd-config.log")"
	# No systemd here: cupsd runs in the foreground of its own session.
	if [[ $(id -u) -eq 0 ]]; then
		setsid "${cupsd[@]}" </dev/null >"$logs/cupsd.log" 2>&1 &
	else
		# shellcheck disable=SC2024 # the log belongs to this user on purpose
		sudo -n setsid "${cupsd[@]}" </dev/null >"$logs/cupsd.log" 2>&1 &
	fi
	cupsd_pid=$!
	cups_logs=$dir/log
	wait_for 30 "cupsd did not start (see $logs/cupsd.log and $dir/log)" cups_running
	echo "private CUPS scheduler on $CUPS_SERVER"
}

# cups_add_pdf_queue: adds the cups-pdf queue PDF as the default, writing
# into $SPAREKEY_TEST_PDF_DIR, and proves it with one job from lp.
cups_add_pdf_queue() {
	export SPAREKEY_TEST_PDF_DIR=$HOME/PDF
	mkdir -m 0700 "$SPAREKEY_TEST_PDF_DIR"
	# Without Out, cups-pdf writes to the job owner's home from passwd
	# (/root/PDF for root), not to $HOME/PDF.
	{
		grep -v '^[[:space:]]*Out[[:space:]]' /etc/cups/cups-pdf.conf
		echo "Out $SPAREKEY_TEST_PDF_DIR"
	} | as_root tee "$cups_pdf_conf" >/dev/null
	# PDF 1.4: at the PPD's default 1.2, ghostscript turns embedded TrueType
	# fonts into Type 3 fonts whose text pdftotext cannot read back.
	local out
	out=$(as_root lpadmin -p PDF -E -v "$cups_uri" -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -o PDFVer=1.4 2>&1) ||
		die "lpadmin could not add the PDF queue: $out"
	grep -v 'drivers are deprecated' <<<"$out" || true
	as_root lpadmin -d PDF
	printf 'Sparekey CUPS probe\n' | lp -d PDF -t sparekey-probe >/dev/null
	wait_for 60 "the probe job did not come out of cups-pdf in $SPAREKEY_TEST_PDF_DIR (see $cups_logs)" has_pdf
	echo "queue PDF is the default; a job from lp landed in $SPAREKEY_TEST_PDF_DIR:"
	pdfinfo "$SPAREKEY_TEST_PDF_DIR"/*.pdf | grep -E '^PDF version' || true
	rm -f "$SPAREKEY_TEST_PDF_DIR"/*.pdf
}

# has_pdf: a PDF has come out and CUPS has no job left, so cups-pdf has
# finished writing it.
has_pdf() {
	compgen -G "$SPAREKEY_TEST_PDF_DIR/*.pdf" >/dev/null && [[ -z $(lpstat -o 2>/dev/null) ]]
}

# gtk_prints [LIBDIR]: whether GTK prints a page to the default queue and
# the PDF comes out, with LIBDIR (a folder holding libcups.so.2) ahead of
# the system's libraries when given. This tests the bug itself, not a
# version number, so the workaround below ends by itself once a fixed
# libcups2 is installed.
gtk_prints() {
	local libs=${1:-} printer
	printer=$(LD_LIBRARY_PATH=$libs NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 15 /usr/bin/python3 scripts/gtk-print-probe.py \
		2>>"$logs/gtk-print-probe.log") || return 1
	[[ $printer == PDF ]] || {
		echo "GTK printed to '$printer', not to the default queue PDF" >>"$logs/gtk-print-probe.log"
		return 1
	}
	wait_for_quietly 30 has_pdf || return 1
	rm -f "$SPAREKEY_TEST_PDF_DIR"/*.pdf
}

# wait_for_quietly SECONDS CMD...: wait_for without dying.
wait_for_quietly() {
	local limit=$1 i
	shift
	for ((i = 0; i < limit * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# gtk_print_chain: makes sure the GTK print dialog can print here, and
# exports SPAREKEY_TEST_GTK_PORTAL_LIBS when that takes the workaround.
#
# Why a workaround exists: Debian's security update libcups2
# 2.4.2-3+deb12u10 (CVE-2025-58436, "better handle slow clients") breaks
# GTK's CUPS print backend. This is upstream OpenPrinting/cups issue
# #1429 ("CUPS 2.4.15 freezes apps requesting the GTK print dialog"),
# fixed by PR #1439, which Debian had not shipped when this was written.
# GTK sends CUPS-Get-Printers and never reads the answer; its main loop
# polls a readable socket at full speed
# (gtk_cups_request_read_write -> _httpWait -> poll(timeout 0)). The
# dialog then offers only "Print to File", its Print button stays grey,
# and the process spins a core.
#
# The workaround, and why this one: only the GTK portal backend of the
# test session (the process that shows the dialog and talks to CUPS) is
# started with another libcups2 from the machine's own apt sources —
# fetched by name and version with apt-get download (apt checks it
# against the signed index), checked, unpacked into the cache, and put
# ahead with LD_LIBRARY_PATH by internal/desktoptest. cupsd and every
# other program keep the system's fixed library. Pinning the cups
# packages back instead would bring back into the scheduler the
# vulnerabilities u10 fixed, machine-wide.
gtk_print_chain() {
	[[ -x /usr/bin/python3 ]] || die "/usr/bin/python3 is missing (scripts/setup.sh test installs python3-gi)"
	if gtk_prints; then
		echo "GTK prints to the PDF queue with the system's libcups2 ($(libcups_version)): no workaround"
		return 0
	fi
	echo "GTK cannot print to the PDF queue with the system's libcups2 $(libcups_version):"
	echo "  this is OpenPrinting/cups#1429 (the GTK print dialog lists no printer and spins);"
	echo "  looking for a libcups2 in this machine's apt sources that works, for the GTK portal only"
	local ver libs
	while read -r ver; do
		libs=$(libcups_unpacked "$ver") || continue
		if gtk_prints "$libs"; then
			export SPAREKEY_TEST_GTK_PORTAL_LIBS=$libs
			echo "WORKAROUND: the GTK portal backend runs with libcups2 $ver from $libs"
			printf '  %-58s %s\n' "libcups2 workaround (OpenPrinting/cups#1429)" "GTK portal uses $ver" >>"${SPAREKEY_TIMES:-/dev/null}"
			return 0
		fi
		echo "  libcups2 $ver does not help either"
	done < <(libcups_candidates)
	die "GTK's print dialog cannot print here: with this machine's libcups2 ($(libcups_version)) it never lists the CUPS queue (OpenPrinting/cups#1429 or similar), and no other libcups2 in the apt sources fixes that. This is the machine, not Sparekey; see $logs/gtk-print-probe.log."
}

libcups_version() { dpkg-query -W -f='${Version}' libcups2 2>/dev/null || echo unknown; }

# libcups_candidates: the libcups2 versions apt offers other than the
# installed one, newest first.
libcups_candidates() {
	local installed
	installed=$(libcups_version)
	apt-cache madison libcups2 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' |
		awk -v skip="$installed" '$0 != skip && !seen[$0]++'
}

# libcups_unpacked VERSION: prints the folder holding that version's
# libcups.so.2, downloading and unpacking it into the cache once.
libcups_unpacked() {
	local ver=$1 arch dir tmp deb lib
	arch=$(dpkg --print-architecture)
	dir=$SPAREKEY_CACHE/libcups2_${ver}_$arch
	lib=$(find "$dir" -name libcups.so.2 -print -quit 2>/dev/null)
	if [[ -z $lib ]]; then
		mkdir -p "$SPAREKEY_CACHE"
		tmp=$(mktemp -d "$SPAREKEY_CACHE/.libcups2.XXXXXX")
		# apt verifies the file's hash against the signed index it came from.
		if ! (cd "$tmp" && apt-get download -q "libcups2=$ver") >>"$logs/gtk-print-probe.log" 2>&1; then
			echo "  could not download libcups2 $ver (see $logs/gtk-print-probe.log)"
			rm -rf "$tmp"
			return 1
		fi
		deb=$(compgen -G "$tmp/libcups2_*.deb" | head -n1)
		if [[ $(dpkg-deb -f "$deb" Package Version Architecture | tr '\n' ' ') != "Package: libcups2 Version: $ver Architecture: $arch " ]]; then
			echo "  $deb is not libcups2 $ver for $arch"
			rm -rf "$tmp"
			return 1
		fi
		dpkg-deb -x "$deb" "$tmp/root" && rm -rf "$dir" && mv "$tmp/root" "$dir"
		rm -rf "$tmp"
		lib=$(find "$dir" -name libcups.so.2 -print -quit)
		[[ -n $lib ]] || return 1
	fi
	dirname "$lib"
}
