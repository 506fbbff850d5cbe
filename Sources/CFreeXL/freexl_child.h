// FreeXL in a child process: `xueshi_freexl_spawn` forks, and the child opens the .xls with FreeXL and
// writes what it finds to a pipe, then exits. FreeXL 1.0 crashes or loops on some damaged files; in a
// child, such a file ends the child, not the program, and the parent (BIFFChild.swift) refuses it.
//
// The child runs only the C below (no Swift runtime, whose locks another thread may hold at the fork),
// and leaves with _exit, which releases FreeXL's memory at once.
//
// Messages, integers in the machine's byte order:
//   'E' int32 code                      FreeXL failed (code 1: it said FREEXL_OK but gave no workbook)
//   'I' uint32 version, password, count; then count times: uint32 length, bytes (a sheet name, UTF-8)
//   'D' uint32 rows, uint16 columns     the dimensions of the sheet asked for
//   'C' uint32 row, uint16 column, uint8 type, then by type: INT int32; DOUBLE double;
//       TEXT, SST_TEXT, DATE, DATETIME, TIME uint32 length, bytes      one cell that is not empty
//   'Z'                                 the end
#ifndef XUESHI_FREEXL_CHILD_H
#define XUESHI_FREEXL_CHILD_H

#include <freexl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

typedef struct {
    int fd;
    int failed;
    size_t used;
    unsigned char bytes[32768];
} xueshi_freexl_out;

static inline void xueshi_freexl_flush(xueshi_freexl_out *out) {
    size_t done = 0;
    while (done < out->used && !out->failed) {
        ssize_t n = write(out->fd, out->bytes + done, out->used - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) out->failed = 1;  // the parent stopped reading
        else done += (size_t)n;
    }
    out->used = 0;
}

static inline void xueshi_freexl_put(xueshi_freexl_out *out, const void *data, size_t size) {
    const unsigned char *p = (const unsigned char *)data;
    while (size > 0 && !out->failed) {
        if (out->used == sizeof out->bytes) xueshi_freexl_flush(out);
        size_t room = sizeof out->bytes - out->used;
        size_t n = size < room ? size : room;
        memcpy(out->bytes + out->used, p, n);
        out->used += n;
        p += n;
        size -= n;
    }
}

static inline void xueshi_freexl_tag(xueshi_freexl_out *out, char tag) { xueshi_freexl_put(out, &tag, 1); }

static inline void xueshi_freexl_u32(xueshi_freexl_out *out, uint32_t value) { xueshi_freexl_put(out, &value, 4); }

static inline void xueshi_freexl_text(xueshi_freexl_out *out, const char *text) {
    uint32_t length = text ? (uint32_t)strlen(text) : 0;
    xueshi_freexl_u32(out, length);
    if (length) xueshi_freexl_put(out, text, length);
}

static inline void xueshi_freexl_error(xueshi_freexl_out *out, int32_t code) {
    xueshi_freexl_tag(out, 'E');
    xueshi_freexl_put(out, &code, 4);
}

// The child's work: `sheet` < 0 asks for the workbook's facts (through freexl_open_info, which skips the
// cells), otherwise for the cells of that sheet.
static inline void xueshi_freexl_child(const char *path, int sheet, xueshi_freexl_out *out) {
    const void *handle = NULL;
    int code = sheet < 0 ? freexl_open_info(path, &handle) : freexl_open(path, &handle);
    if (code != FREEXL_OK || handle == NULL) {
        xueshi_freexl_error(out, code != FREEXL_OK ? code : 1);
        return;
    }
    if (sheet < 0) {
        unsigned int version = 0, password = 0, count = 0;
        if ((code = freexl_get_info(handle, FREEXL_BIFF_VERSION, &version)) != FREEXL_OK
            || (code = freexl_get_info(handle, FREEXL_BIFF_PASSWORD, &password)) != FREEXL_OK
            || (code = freexl_get_info(handle, FREEXL_BIFF_SHEET_COUNT, &count)) != FREEXL_OK) {
            xueshi_freexl_error(out, code);
            return;
        }
        if (count > 65535) count = 65535;  // FreeXL numbers sheets with 16 bits
        xueshi_freexl_tag(out, 'I');
        xueshi_freexl_u32(out, version);
        xueshi_freexl_u32(out, password);
        xueshi_freexl_u32(out, count);
        for (unsigned int index = 0; index < count && !out->failed; index++) {
            const char *name = NULL;
            if ((code = freexl_get_worksheet_name(handle, (unsigned short)index, &name)) != FREEXL_OK) {
                xueshi_freexl_error(out, code);
                return;
            }
            xueshi_freexl_text(out, name);
        }
        xueshi_freexl_tag(out, 'Z');
        return;
    }
    unsigned int rows = 0;
    unsigned short columns = 0;
    if ((code = freexl_select_active_worksheet(handle, (unsigned short)sheet)) != FREEXL_OK
        || (code = freexl_worksheet_dimensions(handle, &rows, &columns)) != FREEXL_OK) {
        xueshi_freexl_error(out, code);
        return;
    }
    xueshi_freexl_tag(out, 'D');
    xueshi_freexl_u32(out, rows);
    xueshi_freexl_put(out, &columns, 2);
    for (unsigned int row = 0; row < rows && !out->failed; row++) {
        for (unsigned short column = 0; column < columns; column++) {
            FreeXL_CellValue value;
            if ((code = freexl_get_cell_value(handle, row, column, &value)) != FREEXL_OK) {
                xueshi_freexl_error(out, code);
                return;
            }
            if (value.type == FREEXL_CELL_NULL) continue;
            xueshi_freexl_tag(out, 'C');
            xueshi_freexl_u32(out, row);
            xueshi_freexl_put(out, &column, 2);
            xueshi_freexl_put(out, &value.type, 1);
            switch (value.type) {
            case FREEXL_CELL_INT: {
                int32_t number = value.value.int_value;
                xueshi_freexl_put(out, &number, 4);
                break;
            }
            case FREEXL_CELL_DOUBLE:
                xueshi_freexl_put(out, &value.value.double_value, 8);
                break;
            default:
                xueshi_freexl_text(out, value.value.text_value);
                break;
            }
        }
    }
    xueshi_freexl_tag(out, 'Z');
}

// Starts the child for `path` (see above); returns its pid and sets `*read_end` to the pipe it writes
// to, or returns -1 (errno set) when no pipe or process could be made.
static inline pid_t xueshi_freexl_spawn(const char *path, int sheet, int *read_end) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    // Kept from programs this process starts (another thread may start one now): they would hold the
    // pipe open after the child has gone.
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) {
        // A crash of FreeXL is the answer, not news: no backtrace from the handlers the program installed
        // (the fork kept them), no core file.
        int crashes[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
        for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++) signal(crashes[i], SIG_DFL);
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        close(fds[0]);
        xueshi_freexl_out out;
        out.fd = fds[1];
        out.failed = 0;
        out.used = 0;
        xueshi_freexl_child(path, sheet, &out);
        xueshi_freexl_flush(&out);
        _exit(0);
    }
    int saved = errno;
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        errno = saved;
        return -1;
    }
    *read_end = fds[0];
    return pid;
}

#endif
