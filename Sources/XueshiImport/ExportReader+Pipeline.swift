import Foundation
import Logging
import XueshiModel
import XueshiRead

extension ExportReader {
    /// What the reading thread hands to the writing thread.
    public enum Event: Sendable {
        case started(ExportFileInfo)
        /// Records made, in the order of their rows; their key digests are computed already, to take
        /// work off the writing thread.
        case records(RecordBatch)
        /// A data row that could not be made a record: its cells come along to be written out for fixing.
        case rejected(row: RawRow, errors: [RowError])
        /// A roster entry or an internal training (files of those kinds make no records).
        case staff(StaffRow)
        /// A sheet's rows are all read (a CSV file is one sheet): what was learnt about it.
        case sheetFinished(ExportFileInfo)
        case progress(bytesRead: Int64)
    }

    /// Reads a file like `read`, but on a second thread: parsing and normalising run on one core
    /// while the caller writes to the ledger on the other. `consume` is called on the calling thread,
    /// in order. An error from either side stops both and is thrown here; the reading thread has
    /// finished when this returns.
    public func readConcurrently(path: String, displayName: String,
                                 consume: (Event) throws -> Void) throws -> ExportFileInfo {
        // Room for about 72,000 records, more than the ledger writes at once (a chunk of 65,536 records
        // in key order), so that the reader keeps reading while the writer writes a chunk; about 20 MB.
        let channel = EventChannel(capacity: 72)
        let reader = self
        let finished = DispatchSemaphore(value: 0)
        let outcome = ResultBox()
        // A diagnostic for the benchmarks (`XUESHI_LOG=debug`): which side of the pipeline is the bottleneck.
        let logger = Logger(label: "xueshi.import")
        let timing = logger.logLevel <= .debug
        let thread = Thread {
            defer {
                if timing { outcome.readerSeconds = threadCPUSeconds() }
                finished.signal()
            }
            var events: [Event] = []
            func flush() throws {
                if !events.isEmpty { try channel.send(events); events.removeAll(keepingCapacity: true) }
            }
            do {
                let info = try reader.read(path: path, displayName: displayName, started: { info in
                    events.append(.started(info))
                    try flush()
                }, records: { batch in
                    events.append(.records(batch))
                    try flush()
                }, rejected: { row, errors in
                    events.append(.rejected(row: row, errors: errors))
                    // A few hundred rejected rows per hand-over keep the queue's memory small.
                    if events.count >= 256 { try flush() }
                }, staff: { row in
                    events.append(.staff(row))
                    if events.count >= 1024 { try flush() }
                }, sheetFinished: { info in
                    events.append(.sheetFinished(info))
                }, progress: { bytes in
                    events.append(.progress(bytesRead: bytes))
                })
                try flush()
                outcome.result = .success(info)
            } catch {
                outcome.result = .failure(error)
            }
            channel.close()
        }
        thread.stackSize = 1 << 22
        let writerStart = threadCPUSeconds()
        thread.start()
        do {
            while let events = channel.receive() {
                for event in events { try consume(event) }
            }
        } catch {
            channel.cancel()
            finished.wait()
            throw error
        }
        finished.wait()
        if timing {
            logger.debug("pipeline CPU time", metadata: [
                "file": "\(displayName)",
                "reading_normalising_seconds": "\(String(format: "%.2f", outcome.readerSeconds))",
                "writing_seconds": "\(String(format: "%.2f", threadCPUSeconds() - writerStart))",
            ])
        }
        return try outcome.result!.get()
    }
}

/// The reading thread's result, read by the caller once the thread has finished.
private final class ResultBox: @unchecked Sendable {
    var result: Result<ExportFileInfo, Error>?
    var readerSeconds = 0.0
}

/// CPU time of the calling thread.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// A bounded queue of event batches between the reading and the writing thread: the reader waits
/// when the writer is behind, so memory stays bounded whatever the file size.
final class EventChannel: @unchecked Sendable {
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private var queue: [[ExportReader.Event]] = []
    private var head = 0
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func send(_ batch: [ExportReader.Event]) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        queue.append(batch)
        condition.broadcast()
    }

    /// The next batch, or nil once the reader has closed the channel and everything was received.
    func receive() -> [ExportReader.Event]? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !closed { condition.wait() }
        guard head < queue.count else { return nil }
        let batch = queue[head]
        head += 1
        if head > 64 { queue.removeFirst(head); head = 0 }
        condition.broadcast()
        return batch
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The writer gave up: the reader's next send throws, which stops the reading.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
