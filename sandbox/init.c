/*
 * The sandbox's first process: starts the program, reaps everything, and reports the program's
 * own resource usage on a file descriptor.
 *
 * Why it exists: wait4() on the process the judge forks reports a peak memory no lower than the
 * judge's own, because a forked child's high-water mark survives exec. This small static
 * program is forked from a tiny process, so the figures it reports belong to the program alone.
 *
 * Usage: init REPORT_FD PROGRAM [ARGS...]
 * Writes "STATUS UTIME_US STIME_US MAXRSS_KIB EXEC_ERRNO\n" to REPORT_FD once the program has
 * ended, where STATUS is the raw wait status of the program, the times and peak memory cover the
 * program and every descendant that was reaped, and EXEC_ERRNO is 0 or why exec failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s REPORT_FD PROGRAM [ARGS...]\n", argv[0]);
        return 120;
    }
    int report_fd = atoi(argv[1]);
    /* Without a PID namespace, orphans would escape to the host's init; keep them here. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    int exec_pipe[2];
    if (pipe2(exec_pipe, O_CLOEXEC) < 0) {
        perror("sandbox init: pipe");
        return 121;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("sandbox init: fork");
        return 121;
    }
    if (child == 0) {
        close(report_fd);
        close(exec_pipe[0]);
        execvp(argv[2], argv + 2);
        int err = errno;
        if (write(exec_pipe[1], &err, sizeof err) < 0) {
            /* nothing more to say */
        }
        fprintf(stderr, "sandbox init: cannot execute %s: %s\n", argv[2], strerror(err));
        _exit(127);
    }
    close(exec_pipe[1]);
    int exec_errno = 0;
    if (read(exec_pipe[0], &exec_errno, sizeof exec_errno) != sizeof exec_errno)
        exec_errno = 0;
    close(exec_pipe[0]);
    int status = 0, program_status = 0;
    for (;;) {
        pid_t pid = wait(&status);
        if (pid == child)
            program_status = status;
        if (pid == child || (pid < 0 && errno == ECHILD))
            break;
    }
    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    dprintf(report_fd, "%d %lld %lld %ld %d\n", program_status,
            (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec,
            (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec,
            usage.ru_maxrss, exec_errno);
    close(report_fd);
    return 0;
}
