#ifndef PALISADE_SYS_H
#define PALISADE_SYS_H
#include <sys/types.h>

/// Ask the kernel to send `signal` to this process when its parent thread dies (Linux PR_SET_PDEATHSIG).
/// Returns 0 on success, -1 where unsupported.
int palisade_set_parent_death_signal(int signal);

/// Current peak resident set size of this process in KiB (VmHWM), or -1.
long palisade_peak_rss_kib(void);
#endif
