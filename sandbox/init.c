/*
 * The sandbox's first process: starts the program, reaps everything, and reports the run's
 * resource usage on a file descriptor the program never sees.
 *
 * Why it exists: wait4() on the process the judge forks reports a peak memory no lower than the
 * judge's own, because a forked child's high-water mark survives exec. This small static
 * program is forked from a tiny process, so the figures it reports belong to the program alone.
 *
 * Why it keeps its privileges: the program must not be able to reach the process that measures
 * it. The init stays root (when the judge is root) and non-dumpable, so a program running as the
 * sandbox uid can neither ptrace it, nor open /proc/1/mem, nor signal it; it drops to the
 * sandbox uid only in the forked child, just before exec. Because the init's own credentials
 * never change, the parent-death signal bubblewrap set on it survives, and a killed judge takes
 * the whole sandbox with it.
 *
 * Usage: init [OPTIONS] -- PROGRAM [ARGS...]
 *   -r FD        write the report to FD
 *   -u UID       run the program as UID/GID UID (needs root)
 *   -s FD        read a seccomp BPF program (raw struct sock_filter array) from FD and load it
 *                in the child after no_new_privs
 *   -c FD        write "0" to FD in the child (a cgroup v1 `tasks` file the judge opened): the
 *                program and all it starts are accounted in that cgroup; repeatable. `tasks`
 *                moves the writing thread alone, which the kernel does without the global
 *                threadgroup lock (and the RCU grace period its writers wait for, ~6 ms per
 *                controller) that `cgroup.procs` takes; the child is single-threaded here,
 *                so the thread is the whole process
 *   -l NAME=N    set resource limit NAME (cpu, as, stack, nproc, fsize, nofile, core, data) to
 *                N, soft and hard; N may be "unlimited"; repeatable
 *   -t USEC      arm a CPU-time timer (ITIMER_PROF, kept across exec) in the child: SIGPROF
 *                ends the program once it has used USEC microseconds of CPU, instead of at the
 *                next whole second of RLIMIT_CPU (still set, for programs that catch SIGPROF)
 *   -x PATH      remount PATH (a mount of the sandbox: its /tmp, a writable folder) with
 *                noexec, nosuid and nodev before anything else: what the program writes there
 *                cannot be executed or mapped executable (bubblewrap has no such option).
 *                Where that is refused (a judge that is not root: bubblewrap's own mount
 *                namespace belongs to an outer user namespace, where the init has nothing),
 *                the init moves into a mount namespace of its own, which it may change with
 *                the CAP_SYS_ADMIN that bubblewrap's `--cap-add` gave it in its user namespace.
 *                Needs CAP_SYS_ADMIN; repeatable; failure is fatal
 *   -C           drop every capability in the child before exec (bounding set, ambient,
 *                inheritable, permitted, effective): the init of a judge that is not root
 *                holds CAP_SYS_ADMIN and CAP_SETPCAP for -x, and the program must hold nothing.
 *                (With -u, the uid change drops them.) Failure is fatal
 *
 * Report: "STATUS UTIME_US STIME_US MAXRSS_KIB STAGE ERRNO\n" once everything has ended, where
 * STATUS is the raw wait status of the program, the times and peak memory cover the program and
 * every descendant (all reaped: once the program ends, whatever it left running is killed and
 * reaped here), STAGE is 0 when the program ran, 1 when exec failed, 2 when setting up the
 * child failed, and ERRNO says why.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FDS 8
#define MAX_NOEXEC 8
#define MAX_LIMITS 16
#define MAX_FILTER 4096 /* BPF_MAXINSNS */
#define KEYCTL_JOIN_SESSION_KEYRING_ 1

struct limit {
    int resource;
    rlim_t value;
};

struct failure {
    int stage;
    int err;
};

static struct sock_filter filter[MAX_FILTER];

static int limit_resource(const char *name) {
    static const struct {
        const char *name;
        int resource;
    } names[] = {{"cpu", RLIMIT_CPU},     {"as", RLIMIT_AS},       {"stack", RLIMIT_STACK},
                 {"nproc", RLIMIT_NPROC}, {"fsize", RLIMIT_FSIZE}, {"nofile", RLIMIT_NOFILE},
                 {"core", RLIMIT_CORE},   {"data", RLIMIT_DATA}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].resource;
    return -1;
}

static int parse_fd(const char *text) {
    char *end;
    long fd = strtol(text, &end, 10);
    return (*text && !*end && fd >= 0 && fd < 65536) ? (int)fd : -1;
}

static int usage(const char *self, const char *why) {
    fprintf(stderr, "sandbox init: %s\nusage: %s [-r FD] [-u UID] [-s FD] [-c FD]... "
                    "[-l NAME=N]... [-x PATH]... [-C] -- PROGRAM [ARGS...]\n", why, self);
    return 120;
}

/* Kill everything the program left behind, so that it is reaped (and counted) here. */
static void kill_leftovers(uid_t uid, int have_uid) {
    if (getpid() == 1) {
        /* PID 1 of the sandbox's PID namespace: -1 is everyone in it but us. */
        kill(-1, SIGKILL);
        return;
    }
    if (!have_uid)
        return; /* no namespace, no dedicated uid: nothing here can tell what is ours */
    /* The sandbox uid is this run's alone: a helper with that uid kills all it owns. */
    pid_t helper = fork();
    if (helper == 0) {
        if (setresuid(uid, uid, uid) == 0)
            kill(-1, SIGKILL);
        _exit(0);
    }
}

/* Every capability gone for good: bounding set first (it needs CAP_SETPCAP), then the
 * ambient set (bubblewrap's --cap-add fills it), then the process's own three sets. */
static int drop_capabilities(void) {
    for (int cap = 0; cap < 64; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return -1;
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    return (int)syscall(SYS_capset, &header, data);
}

int main(int argc, char **argv) {
    int report_fd = -1, filter_fd = -1, have_uid = 0, drop_caps = 0;
    unsigned long long cpu_timer_us = 0;
    uid_t uid = 0;
    int cgroup_fds[MAX_FDS], n_cgroups = 0;
    struct limit limits[MAX_LIMITS];
    int n_limits = 0;
    const char *noexec[MAX_NOEXEC];
    int n_noexec = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(opt, "-C") == 0) {
            drop_caps = 1;
            continue;
        }
        if (i + 1 >= argc || opt[0] != '-' || opt[1] == 0 || opt[2] != 0)
            return usage(argv[0], "bad option");
        const char *value = argv[++i];
        switch (opt[1]) {
        case 'r':
            report_fd = parse_fd(value);
            break;
        case 's':
            filter_fd = parse_fd(value);
            break;
        case 't':
            cpu_timer_us = strtoull(value, NULL, 10);
            break;
        case 'u':
            uid = (uid_t)strtoul(value, NULL, 10);
            have_uid = 1;
            break;
        case 'x':
            if (n_noexec == MAX_NOEXEC || value[0] != '/')
                return usage(argv[0], "bad -x");
            noexec[n_noexec++] = value;
            break;
        case 'c':
            if (n_cgroups == MAX_FDS || (cgroup_fds[n_cgroups++] = parse_fd(value)) < 0)
                return usage(argv[0], "bad -c");
            break;
        case 'l': {
            const char *eq = strchr(value, '=');
            char name[16];
            if (!eq || eq - value >= (long)sizeof name || n_limits == MAX_LIMITS)
                return usage(argv[0], "bad -l");
            memcpy(name, value, eq - value);
            name[eq - value] = 0;
            int resource = limit_resource(name);
            if (resource < 0)
                return usage(argv[0], "unknown limit");
            limits[n_limits].resource = resource;
            limits[n_limits++].value = strcmp(eq + 1, "unlimited") == 0
                                           ? RLIM_INFINITY
                                           : (rlim_t)strtoull(eq + 1, NULL, 10);
            break;
        }
        default:
            return usage(argv[0], "unknown option");
        }
    }
    if (i >= argc)
        return usage(argv[0], "no program");
    char **program = argv + i;

    for (int k = 0, unshared = 0; k < n_noexec; k++) {
        unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOEXEC | MS_NOSUID | MS_NODEV;
        int rc = mount(NULL, noexec[k], NULL, flags, NULL);
        if (rc < 0 && errno == EPERM && !unshared) {
            /* Not root: bubblewrap's mount namespace is not ours to change; one we make is.
             * Only then: a mount namespace more per run costs an RCU grace period when the
             * sandbox ends. */
            if (unshare(CLONE_NEWNS) < 0) {
                fprintf(stderr, "sandbox init: cannot make a mount namespace: %s\n",
                        strerror(errno));
                return 123;
            }
            unshared = 1;
            rc = mount(NULL, noexec[k], NULL, flags, NULL);
        }
        if (rc < 0) {
            fprintf(stderr, "sandbox init: cannot make %s noexec: %s\n", noexec[k],
                    strerror(errno));
            return 123;
        }
    }

    /* Out of the program's reach: no ptrace, no /proc/1/mem, no core dump of the report. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    /* Without a PID namespace, orphans would escape to the host's init; keep them here. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    /* Whoever started us (bubblewrap, or the judge itself) dies: so do we. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

    struct sock_fprog prog = {0, filter};
    if (filter_fd >= 0) {
        size_t got = 0;
        ssize_t n;
        while (got < sizeof filter &&
               (n = read(filter_fd, (char *)filter + got, sizeof filter - got)) > 0)
            got += (size_t)n;
        close(filter_fd);
        if (got == 0 || got % sizeof filter[0] != 0) {
            fprintf(stderr, "sandbox init: malformed syscall filter (%zu bytes)\n", got);
            return 122;
        }
        prog.len = (unsigned short)(got / sizeof filter[0]);
    }

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
        struct failure fail = {2, 0};
        if (report_fd >= 0)
            close(report_fd);
        close(exec_pipe[0]);
        for (int k = 0; k < n_cgroups; k++) {
            if (write(cgroup_fds[k], "0\n", 2) != 2)
                goto failed;
            close(cgroup_fds[k]);
        }
        for (int k = 0; k < n_limits; k++) {
            struct rlimit rl = {limits[k].value, limits[k].value};
            if (setrlimit(limits[k].resource, &rl) < 0)
                goto failed;
        }
        if (have_uid) {
            for (int cap = 0; cap < 64; cap++)
                prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
            if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
                setresuid(uid, uid, uid) < 0)
                goto failed;
        }
        if (drop_caps && drop_capabilities() < 0)
            goto failed;
        /* The uid change cleared it; the program dies with the init too. */
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        /* A fresh, empty session keyring: nothing of the judge's keys is reachable. */
        syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING_, NULL);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
            goto failed;
        if (prog.len && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
            goto failed;
        if (cpu_timer_us) {
            /* Last before exec: the CPU the child spends setting up is not the program's. */
            struct itimerval timer = {{0, 0}, {(time_t)(cpu_timer_us / 1000000),
                                               (suseconds_t)(cpu_timer_us % 1000000)}};
            if (setitimer(ITIMER_PROF, &timer, NULL) < 0)
                goto failed;
        }
        fail.stage = 1;
        execvp(program[0], program);
    failed:
        fail.err = errno;
        if (write(exec_pipe[1], &fail, sizeof fail) < 0) {
            /* nothing more to say */
        }
        fprintf(stderr, "sandbox init: cannot %s %s: %s\n",
                fail.stage == 1 ? "execute" : "set up", program[0], strerror(fail.err));
        _exit(127);
    }
    close(exec_pipe[1]);
    for (int k = 0; k < n_cgroups; k++)
        close(cgroup_fds[k]);
    struct failure fail = {0, 0};
    if (read(exec_pipe[0], &fail, sizeof fail) != sizeof fail)
        fail.stage = fail.err = 0;
    close(exec_pipe[0]);
    int status = 0, program_status = 0;
    for (;;) {
        pid_t pid = wait(&status);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            break; /* ECHILD: everything is reaped */
        if (pid == child) {
            program_status = status;
            kill_leftovers(uid, have_uid);
        }
    }
    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    if (report_fd >= 0) {
        dprintf(report_fd, "%d %lld %lld %ld %d %d\n", program_status,
                (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec,
                (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec,
                usage.ru_maxrss, fail.stage, fail.err);
        close(report_fd);
    }
    return 0;
}
