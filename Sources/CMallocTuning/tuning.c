#include "CMallocTuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void riskpress_keep_freed_memory(void) {
#if defined(__GLIBC__)
    // A build allocates and frees pages of text by the ten thousand, on every core. By default
    // glibc trims the top of each heap once 128 KiB are free there, grows a heap by what one
    // allocation needs, and maps every block of 128 KiB or more on its own: each of those is
    // one more system call and a page fault per page touched again.
    mallopt(M_TOP_PAD, 64 << 20);          // grow a heap by 64 MiB at a time
    mallopt(M_TRIM_THRESHOLD, 256 << 20);  // give memory back only when 256 MiB lie free at the top
    mallopt(M_MMAP_THRESHOLD, 32 << 20);   // map only blocks of 32 MiB and more on their own
#endif
}
