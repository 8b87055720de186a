/* Interactive submission that tries calls the sandbox forbids, each of which works unfiltered
 * (on itself, its own keyring, a new user namespace), and tells the interactor the outcomes. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static void report(const char *name, long rc) {
    printf("%s: %s; ", name, rc < 0 ? strerror(errno) : "allowed");
}

int main(void) {
    long n;
    if (scanf("%ld", &n) != 1)
        return 1;
    printf("%ld ", 2 * n);
    char buf[8] = "x", copy[8];
    struct iovec local = {copy, sizeof copy}, remote = {buf, sizeof buf};
    report("process_vm_readv", process_vm_readv(getpid(), &local, 1, &remote, 1, 0));
    report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0));
    report("unshare", unshare(CLONE_NEWUSER));
    report("ptrace", ptrace(PTRACE_TRACEME, 0, NULL, NULL));
    printf("\n");
    return 0;
}
