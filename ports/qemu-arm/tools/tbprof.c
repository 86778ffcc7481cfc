/* A profiler for the firmware under QEMU: a TCG plugin that counts how often
 * each translated block runs, and at exit writes one line per block that ran,
 * "vaddr n_insns execs" (hex, decimal, decimal).  `tbprof.py` turns that into
 * guest instructions per function.  Build and use:
 *
 *   gcc -O2 -shared -fPIC -I ../shared/tools/qemu-insncount -o libtbprof.so tbprof.c
 *   qemu-system-arm ... -plugin ./libtbprof.so,log=blocks.txt -icount shift=0
 *
 * (qemu-plugin-min.h, beside the qemu-insncount plugin, declares the few
 * plugin API calls used.)  One vCPU, as on the mps2 boards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu-plugin-min.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct block {
    uint64_t vaddr, n_insns, execs;
    struct block *next;
};

static struct block *blocks;
static FILE *out;

/* A block translated again (after a flush) gets a second record; the
 * script adds them up by address. */
static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    struct block *b = calloc(1, sizeof *b);
    if (!b) return;
    b->vaddr = qemu_plugin_tb_vaddr(tb);
    b->n_insns = qemu_plugin_tb_n_insns(tb);
    b->next = blocks;
    blocks = b;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->execs, 1);
}

static void at_exit(qemu_plugin_id_t id, void *p) {
    (void)id; (void)p;
    for (struct block *b = blocks; b; b = b->next)
        if (b->execs)
            fprintf(out, "%llx %llu %llu\n", (unsigned long long)b->vaddr,
                    (unsigned long long)b->n_insns, (unsigned long long)b->execs);
    fflush(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv) {
    (void)info;
    out = stderr;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "log=", 4) == 0) {
            out = fopen(argv[i] + 4, "w");
            if (!out) { perror("tbprof log"); return 1; }
        } else {
            fprintf(stderr, "tbprof: unknown arg %s\n", argv[i]);
            return 1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
