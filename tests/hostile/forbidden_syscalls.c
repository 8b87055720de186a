/* Tries each syscall the sandbox forbids and prints "name: outcome" for each. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *name, long rc) {
    printf("%s: %s\n", name, rc < 0 ? strerror(errno) : "allowed");
}

int main(void) {
    char buf[8];
    struct iovec local = {buf, sizeof buf}, remote = {buf, sizeof buf};
    report("ptrace", ptrace(PTRACE_ATTACH, 1, NULL, NULL));
    report("process_vm_readv", process_vm_readv(1, &local, 1, &remote, 1, 0));
    report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0));
    report("add_key", syscall(SYS_add_key, "user", "hostile", "x", 1, -4));
    report("unshare", unshare(CLONE_NEWUSER));
    report("mount", syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, NULL));
    unsigned char params[120] = {0};
    report("io_uring_setup", syscall(SYS_io_uring_setup, 4, params));
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_CPU_CLOCK;
    attr.exclude_kernel = 1;
    report("perf_event_open", syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    report("userfaultfd", syscall(SYS_userfaultfd, 1 /* UFFD_USER_MODE_ONLY */));
    report("memfd_create", syscall(SYS_memfd_create, "x", 0));
    report("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, (int[2]){0, 0}));
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    report("fork", pid);
    return 0;
}
