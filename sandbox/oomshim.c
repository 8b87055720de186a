/*
 * Preloaded into C and C++ programs: when an allocation is refused (the address-space limit is
 * the memory limit), say so on stderr before handing NULL back.
 *
 * Why: a program that does not check malloc's result crashes on the NULL with a tiny peak
 * memory, which would look like an ordinary run-time error. The line lets the judge call it
 * MLE. The program's behaviour is otherwise unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static volatile int reported;

static void refused(size_t size) {
    if (reported)
        return;
    reported = 1;
    int saved = errno;
    /* No stdio here: it may allocate. */
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + size % 10);
        size /= 10;
    } while (size && n < (int)sizeof digits);
    static const char head[] = "\nsandbox: out of memory: an allocation of ";
    static const char tail[] = " bytes was refused by the memory limit\n";
    ssize_t ignored = write(2, head, sizeof head - 1);
    while (n > 0)
        ignored = write(2, &digits[--n], 1);
    ignored = write(2, tail, sizeof tail - 1);
    (void)ignored;
    errno = saved;
}

void *malloc(size_t size) {
    void *p = __libc_malloc(size);
    if (!p && size)
        refused(size);
    return p;
}

void *calloc(size_t count, size_t size) {
    void *p = __libc_calloc(count, size);
    if (!p && count && size)
        refused(count * size);
    return p;
}

void *realloc(void *old, size_t size) {
    void *p = __libc_realloc(old, size);
    if (!p && size)
        refused(size);
    return p;
}

void *memalign(size_t alignment, size_t size) {
    void *p = __libc_memalign(alignment, size);
    if (!p && size)
        refused(size);
    return p;
}

void *aligned_alloc(size_t alignment, size_t size) {
    return memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    void *p = __libc_memalign(alignment, size);
    if (!p) {
        if (size)
            refused(size);
        return ENOMEM;
    }
    *out = p;
    return 0;
}
