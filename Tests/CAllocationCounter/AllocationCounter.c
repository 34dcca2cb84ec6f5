#define _GNU_SOURCE
#include "AllocationCounter.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);

static __thread int counting;
static __thread long allocations;

// dlsym may itself call calloc before the real one is known: serve those few bytes from a static block.
static _Alignas(16) unsigned char bootstrap[8192];
static size_t bootstrap_used;
static int resolving;

static int in_bootstrap(const void *pointer) {
    return (const unsigned char *)pointer >= bootstrap && (const unsigned char *)pointer < bootstrap + sizeof bootstrap;
}

static void *bootstrap_allocate(size_t size) {
    size_t rounded = (size + 15) & ~(size_t)15;
    if (bootstrap_used + rounded > sizeof bootstrap) return NULL;
    void *result = bootstrap + bootstrap_used;
    bootstrap_used += rounded;
    return result; // static storage: already zero
}

static void resolve(void) {
    resolving = 1;
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    resolving = 0;
}

void *malloc(size_t size) {
    if (!real_malloc) {
        if (resolving) return bootstrap_allocate(size);
        resolve();
    }
    if (counting) allocations++;
    return real_malloc(size);
}

void *calloc(size_t count, size_t size) {
    if (!real_calloc) {
        if (resolving) return bootstrap_allocate(count * size);
        resolve();
    }
    if (counting) allocations++;
    return real_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    if (!real_realloc) {
        if (resolving) return NULL;
        resolve();
    }
    if (counting) allocations++;
    if (pointer && in_bootstrap(pointer)) {
        void *moved = real_malloc(size);
        if (moved) memcpy(moved, pointer, size); // the bootstrap block is large enough to read from
        return moved;
    }
    return real_realloc(pointer, size);
}

void free(void *pointer) {
    if (!pointer || in_bootstrap(pointer)) return;
    if (!real_free) resolve();
    real_free(pointer);
}

void vernier_allocation_counting_begin(void) {
    allocations = 0;
    counting = 1;
}

long vernier_allocation_counting_end(void) {
    counting = 0;
    return allocations;
}
