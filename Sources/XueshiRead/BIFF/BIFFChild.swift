import CFreeXL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FreeXL at work on one .xls in a child process (see Sources/CFreeXL/freexl_child.h), and the messages it
/// writes, read as they come.
///
/// Why a child: FreeXL 1.0 crashes on some damaged files and loops on others. The child's death, or its
/// silence for longer than `silenceLimit`, is a damaged file (`BIFFFailure`), and the program goes on. The
/// child holds FreeXL's copy of the workbook; it exits when it has written everything, and is killed if
/// the value goes away first (the caller stopped reading), so no process or handle outlives the reading.
final class BIFFChild {
    /// One message, cells already as `RawCell`s.
    enum Message: Equatable {
        case info(version: UInt32, password: UInt32, names: [String])
        case dimensions(rows: UInt32, columns: UInt16)
        case cell(row: UInt32, column: UInt16, RawCell)
        case end
    }

    /// How long FreeXL may work without a word: it parses a whole file before the first cell, about half a
    /// second per MiB here; four times that, and 8 seconds for any file (a loaded machine running many
    /// processes at once can keep a child waiting for seconds).
    static func silenceLimit(fileSize: Int64) -> Duration {
        .seconds(8) + .milliseconds(max(0, fileSize) / (1 << 20) * 2_000)
    }

    /// Starts a child and waits for its first message. A child silent from the start is tried once more:
    /// a child forked while another thread of this process held a lock of the C library (iconv's, the
    /// loader's) can wait on it forever, which says nothing about the file; a file FreeXL loops on is
    /// silent the second time too.
    static func start(path: String, sheet: Int?, fileSize: Int64) throws(BIFFFailure) -> (BIFFChild, Message) {
        _ = warmedConversions
        do {
            let child = try BIFFChild(path: path, sheet: sheet, fileSize: fileSize)
            return (child, try child.next())
        } catch .silent {
            let child = try BIFFChild(path: path, sheet: sheet, fileSize: fileSize)
            return (child, try child.next())
        }
    }

    /// The text conversions FreeXL asks iconv for, opened once in this process before any fork: their
    /// modules are then loaded, and a child needs no loader lock to open them.
    private static let warmedConversions: Void = {
        for source in ["UTF-16LE", "CP1252", "CP936", "UTF-8"] {
            let descriptor = iconv_open("UTF-8", source)
            if Int(bitPattern: descriptor) != -1 { iconv_close(descriptor) }
        }
    }()

    private let pid: pid_t
    private let fd: Int32
    private let silenceLimit: Duration
    private var finished = false
    private var buffer: [UInt8] = []
    private var position = 0
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    /// Starts FreeXL on `path`: for the workbook's facts (`sheet` nil), or for the cells of sheet `sheet`.
    init(path: String, sheet: Int?, fileSize: Int64) throws(BIFFFailure) {
        var readEnd: Int32 = -1
        let pid = path.withCString { xueshi_freexl_spawn($0, Int32(sheet ?? -1), &readEnd) }
        guard pid > 0 else { throw .system(errno) }
        self.pid = pid
        fd = readEnd
        silenceLimit = Self.silenceLimit(fileSize: fileSize)
    }

    deinit {
        if !finished {
            kill(pid, SIGKILL)
            reap()
        }
        close(fd)
    }

    /// The next message. A FreeXL error (`E`) is thrown, as is the child's death or silence.
    func next() throws(BIFFFailure) -> Message {
        switch try byte() {
        case UInt8(ascii: "E"):
            let code = Int32(bitPattern: try uint32())
            finish()
            throw .freexl(code)
        case UInt8(ascii: "I"):
            let version = try uint32(), password = try uint32(), count = try uint32()
            var names: [String] = []
            for _ in 0..<count { names.append(try text()) }
            return .info(version: version, password: password, names: names)
        case UInt8(ascii: "D"):
            return .dimensions(rows: try uint32(), columns: try uint16())
        case UInt8(ascii: "C"):
            let row = try uint32(), column = try uint16()
            return .cell(row: row, column: column, try cell(type: try byte()))
        case UInt8(ascii: "Z"):
            finish()
            return .end
        default:
            throw stop()
        }
    }

    private func cell(type: UInt8) throws(BIFFFailure) -> RawCell {
        switch Int32(type) {
        case FREEXL_CELL_INT:
            return .number(String(Int32(bitPattern: try uint32())))
        case FREEXL_CELL_DOUBLE:
            return BIFFLiteral.number(Double(bitPattern: try uint64()))
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT:
            return .text(try text())
        case FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
            return BIFFLiteral.date(try text())
        default:
            throw stop()
        }
    }

    // MARK: - Bytes from the pipe

    private func byte() throws(BIFFFailure) -> UInt8 {
        try fill(1)
        position += 1
        return buffer[position - 1]
    }

    private func uint16() throws(BIFFFailure) -> UInt16 { try load(UInt16.self) }
    private func uint32() throws(BIFFFailure) -> UInt32 { try load(UInt32.self) }
    private func uint64() throws(BIFFFailure) -> UInt64 { try load(UInt64.self) }

    /// An integer in the machine's byte order (the child is this machine).
    private func load<T: FixedWidthInteger>(_ type: T.Type) throws(BIFFFailure) -> T {
        let size = MemoryLayout<T>.size
        try fill(size)
        let value = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) }
        position += size
        return value
    }

    private func text() throws(BIFFFailure) -> String {
        let length = Int(try uint32())
        // No cell or name of a real .xls comes near; a length this large is a garbled message.
        guard length <= 64 << 20 else { throw stop() }
        try fill(length)
        position += length
        return String(decoding: buffer[(position - length)..<position], as: UTF8.self)
    }

    /// Waits until `count` bytes are there to read; the child's end or its silence is thrown.
    private func fill(_ count: Int) throws(BIFFFailure) {
        if position > 0 && (position == buffer.count || position > 1 << 20) {
            buffer.removeFirst(position)
            position = 0
        }
        var waitingSince = ContinuousClock.now
        var exited = false
        while buffer.count - position < count {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 {
                if errno == EINTR { continue }
                throw stop()
            }
            if ready > 0 {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    buffer.append(contentsOf: chunk[0..<n])
                    waitingSince = .now
                    continue
                }
                if n < 0 && errno == EINTR { continue }
                throw stop()  // the pipe closed before the messages ended: the child died
            }
            // Another process may hold the pipe open (started by another thread at the fork), so the
            // child's end is not always seen as the pipe's: ask for the child itself, then read once more.
            if exited { throw stop() }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                finished = true
                exited = true
                continue
            }
            if ContinuousClock.now - waitingSince > silenceLimit {
                kill(pid, SIGKILL)
                reap()
                finished = true
                throw .silent(silenceLimit)
            }
        }
    }

    /// The child has said all: it exits now.
    private func finish() {
        guard !finished else { return }
        finished = true
        reap()
    }

    /// Ends a child that died or garbled its messages.
    private func stop() -> BIFFFailure {
        if !finished {
            kill(pid, SIGKILL)
            finished = true
            reap()
        }
        return .crashed
    }

    private func reap() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
