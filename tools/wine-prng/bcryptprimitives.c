/*
 * TEST RIG ONLY. NEVER SHIPPED, NEVER PART OF A RELEASE.
 *
 * A stand-in for Windows' bcryptprimitives.dll, for running Sparekey's
 * Windows build under Wine 8.0 (Debian 12) in scripts/windows-journey.sh.
 *
 * Go's runtime (since Go 1.22) takes its random bytes from ProcessPrng in
 * bcryptprimitives.dll and stops at start ("bcryptprimitives.dll not
 * found") where that DLL is missing, as it is in Wine 8.0. Every real
 * Windows 10 and 11 has it. This one exports ProcessPrng and fills the
 * buffer with RtlGenRandom (advapi32's SystemFunction036), which Wine
 * implements by reading the host's random source. The journey script
 * builds it with mingw-w64 and copies it into the throwaway Wine prefix's
 * system32 only; nothing else may load it.
 */
#include <windows.h>

/* RtlGenRandom: its export name is SystemFunction036 (ntsecapi.h). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/*
 * ProcessPrng fills data with len cryptographically random bytes. The
 * real one never fails and always returns TRUE; this one returns FALSE
 * if RtlGenRandom fails, which the Go runtime treats as fatal.
 */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
