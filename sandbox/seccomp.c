/*
 * Writes the sandbox's syscall filter, as a raw BPF program, to stdout. Built with the
 * distribution's libseccomp, which knows each architecture's syscall numbers and writes the
 * architecture check; the sandbox init loads the result in the program's process just before
 * exec (see sandbox/init.c), so the init itself is not filtered.
 *
 * Usage: seccomp nospawn|spawn > filter.bpf
 *
 * Both policies deny, with EPERM the program sees: ptrace and reading or writing other
 * processes' memory, the kernel keyrings, new namespaces of every kind (so no user namespace,
 * and no mount there), mounting, io_uring, perf_event_open, userfaultfd, bpf, memfd_create, all
 * of SysV IPC (shared memory, message queues, semaphores) and POSIX message queues (memory
 * that a process's resident size does not show). clone3 fails with
 * ENOSYS, which makes the C library fall back to clone, whose flags the filter can inspect.
 * "nospawn" (submissions and model-written programs) also denies starting processes: fork,
 * vfork, and clone without CLONE_THREAD, plus sockets (no network anyway; their buffers are
 * memory outside the limit). Threads work. Syscalls of a foreign architecture (int 0x80 on
 * x86_64) kill the process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

static const char *const denied_everywhere[] = {
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "keyctl", "add_key", "request_key",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
    "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "perf_event_open", "userfaultfd", "bpf", "lookup_dcookie", "kexec_load",
    "memfd_create", "memfd_secret",
    /* All of SysV IPC and POSIX message queues: kernel memory outside every limit (400 MiB in
     * message queues, 512 MiB in semaphore sets under a 64 MiB run), and the IPC namespace
     * keeps the kernel's default limits. "ipc" is the old multiplexer of some architectures. */
    "shmget", "shmat", "shmctl", "shmdt",
    "msgget", "msgsnd", "msgrcv", "msgctl",
    "semget", "semop", "semtimedop", "semtimedop_time64", "semctl",
    "mq_open", "mq_unlink", "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive",
    "mq_timedreceive_time64", "mq_notify", "mq_getsetattr", "ipc",
    "name_to_handle_at", "open_by_handle_at",
};

static const char *const denied_without_spawn[] = {
    "fork", "vfork", "socket", "socketpair",
};

static const unsigned long namespace_flags[] = {
    CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
    CLONE_NEWNET,
};

/* Add a rule for a syscall by name; a name this architecture lacks is skipped. */
static int deny(scmp_filter_ctx ctx, const char *name, int err, unsigned count,
                const struct scmp_arg_cmp *args) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR)
        return 0;
    int rc = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(err), nr, count, args);
    /* Pseudo-syscalls (absent on this architecture) cannot take rules: nothing to deny. */
    return (rc == -EDOM || (rc < 0 && nr < 0)) ? 0 : rc;
}

int main(int argc, char **argv) {
    if (argc != 2 || (strcmp(argv[1], "nospawn") != 0 && strcmp(argv[1], "spawn") != 0)) {
        fprintf(stderr, "usage: %s nospawn|spawn > filter.bpf\n", argv[0]);
        return 2;
    }
    int spawn = strcmp(argv[1], "spawn") == 0;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx)
        return 1;
    /* A syscall of a foreign architecture (int 0x80 on x86_64) kills the whole process. */
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    for (size_t i = 0; i < sizeof denied_everywhere / sizeof *denied_everywhere && !rc; i++)
        rc = deny(ctx, denied_everywhere[i], EPERM, 0, NULL);
    for (size_t i = 0; !spawn && i < sizeof denied_without_spawn / sizeof *denied_without_spawn &&
                       !rc; i++)
        rc = deny(ctx, denied_without_spawn[i], EPERM, 0, NULL);
    if (!rc)
        rc = deny(ctx, "clone3", ENOSYS, 0, NULL);
    for (size_t i = 0; i < sizeof namespace_flags / sizeof *namespace_flags && !rc; i++) {
        struct scmp_arg_cmp flag = SCMP_A0(SCMP_CMP_MASKED_EQ, namespace_flags[i],
                                           namespace_flags[i]);
        rc = deny(ctx, "clone", EPERM, 1, &flag);
    }
    if (!rc && !spawn) {
        struct scmp_arg_cmp no_thread = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0);
        rc = deny(ctx, "clone", EPERM, 1, &no_thread);
    }
    if (!rc)
        rc = seccomp_export_bpf(ctx, 1);
    seccomp_release(ctx);
    if (rc) {
        fprintf(stderr, "seccomp: %s\n", strerror(-rc));
        return 1;
    }
    return 0;
}
