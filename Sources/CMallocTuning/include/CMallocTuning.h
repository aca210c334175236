#ifndef RISKPRESS_CMALLOCTUNING_H
#define RISKPRESS_CMALLOCTUNING_H

/// Asks glibc's allocator to keep the memory a build frees for the allocations that follow,
/// rather than hand it back to the kernel and take it again page by page (see ARCHITECTURE.md).
/// Does nothing where the C library is not glibc.
void riskpress_keep_freed_memory(void);

#endif
