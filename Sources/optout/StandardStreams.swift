import Foundation
import OptOutKit

/// Standard output and standard error, written with write(2) so that every failure is handled:
/// a reader that went away (EPIPE) ends the program quietly with the status a shell gives a
/// process killed by SIGPIPE (141); a full disk, a closed descriptor or any other failure is one
/// `error:` line on standard error (when that still works) and exit 1. Output is buffered and
/// written in blocks; `finish` writes the rest before the program exits.
///
/// Commands write after their transaction has committed, so a failed write never undoes what a
/// command did: the error line says so.
enum StandardStreams {
    /// The status of a process that stopped because its reader went away (128 + SIGPIPE).
    static let brokenPipeStatus: Int32 = 141
    /// How much output is gathered before it is written.
    static let blockSize = 64 * 1024

    nonisolated(unsafe) private static var pending: [UInt8] = []

    /// Keeps descriptors 0, 1 and 2 taken: when one was closed (`>&-`), a file the program opens
    /// later (the database, a CSV file) would otherwise get its number, and output meant for the
    /// terminal would land in that file. A closed one is filled with /dev/null opened for reading
    /// only, so writing to it still fails (EBADF), as writing to a closed descriptor does.
    static func guardDescriptors() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// Queues `text` for standard output, writing a block once enough has gathered.
    static func write(_ text: String) {
        // A long text (a whole rendered report) is queued a block at a time, so that no second
        // copy of it is held.
        var text = text
        text.withUTF8 { bytes in
            // Copied from the string's own storage (a byte-by-byte copy cost a tenth of a listing's time).
            var rest = bytes[...]
            repeat {
                let part = rest.prefix(max(blockSize - pending.count, 1))
                pending.append(contentsOf: part)
                rest = rest[part.endIndex...]
                if pending.count >= blockSize { flush() }
            } while !rest.isEmpty
        }
    }

    /// Writes everything queued for standard output now (before a prompt, before exiting).
    static func flush() {
        guard !pending.isEmpty else { return }
        ProgressDisplay.shared.clear()
        let bytes = pending
        pending = []
        if let failure = writeAll(bytes, to: STDOUT_FILENO) { fail(writing: "standard output", errno: failure) }
    }

    /// Writes one line to standard error at once (after what was queued for standard output).
    /// A failure here has nowhere to be reported: the exit status says it.
    static func writeError(_ line: String) {
        flush()
        ProgressDisplay.shared.clear()
        if let failure = writeAll(Array(line.utf8), to: STDERR_FILENO), failure == EPIPE { exit(brokenPipeStatus) }
    }

    /// Writes what is queued and exits with `status`.
    static func finish(status: Int32) -> Never {
        flush()
        ProgressDisplay.shared.clear()
        exit(status)
    }

    /// Writes every byte, retrying after interruptions and short writes; the errno of a failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(
                    descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN {
                        // A non-blocking descriptor that is full: wait until it can take more.
                        var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&ready, 1, -1)
                        continue
                    }
                    return errno
                }
                if written == 0 { return EIO }
                offset += written
            }
            return nil
        }
    }

    /// Ends the program after a failed write to standard output.
    private static func fail(writing stream: String, errno failure: Int32) -> Never {
        if failure == EPIPE { exit(brokenPipeStatus) }
        let reason = failure == EBADF ? "it is closed" : String(cString: strerror(failure))
        let line =
            "error: cannot write to \(stream) (\(reason)); what the command changed before printing is saved; send the output somewhere it can be written\n"
        _ = writeAll(Array(line.utf8), to: STDERR_FILENO)
        exit(1)
    }
}
