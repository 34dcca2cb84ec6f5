#ifndef VERNIER_ALLOCATION_COUNTER_H
#define VERNIER_ALLOCATION_COUNTER_H

// Counts heap allocations (malloc, calloc, realloc) made by the calling thread between begin and end.
// The test binary's own malloc/calloc/realloc/free forward to the C library's (found with dlsym(RTLD_NEXT)),
// so every allocation in the process — Swift arrays and class instances included — passes through here.
// Counting is per thread: tests running concurrently on other threads do not disturb it.

/// Starts counting this thread's allocations from zero.
void vernier_allocation_counting_begin(void);
/// Stops counting and returns the number of allocations this thread made since the begin call.
long vernier_allocation_counting_end(void);

#endif
