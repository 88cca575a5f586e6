import Foundation

/// A file the program writes because the user named it (`report --output`, `templates --export`).
/// It never replaces the database or its -wal, -shm and -journal files (compared by resolved path
/// and by device and inode, so `./x`, `../dir/x`, a symbolic link or a hard link to the database
/// are all caught), an SQLite database, a symbolic link, or anything that is not a regular file
/// (a folder, a FIFO, a device). The text goes to a new file beside the target, which is renamed
/// over a regular file or nothing; on any failure the new file is removed and the target is as it was.
public enum OutputFile {
    /// Writes `text` to `path`, replacing a regular file there. `database` is the database the
    /// command opened, which must never be replaced.
    public static func write(_ text: String, to path: String, database: String?) throws {
        try write(to: path, database: database) { sink in try sink(text) }
    }

    /// `write`, for a document produced in chunks: `produce` writes them to the sink it is given,
    /// which fills the temporary file block by block; the same checks, and the same rename at the end.
    public static func write(to path: String, database: String?, _ produce: (@escaping TextSink) throws -> Void) throws
    {
        try check(path, database: database)
        let folder = folder(of: path)
        var template = Array((folder + "/.optout-output-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else {
            throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        let temporary = String(
            decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        do {
            if fchmod(descriptor, mode(for: path)) != 0 {
                throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            let file = BlockWriter(descriptor: descriptor, path: path)
            try produce { try file.write($0) }
            try file.flush()
            closed = true
            try finish(descriptor, path: path)
            // The target may have changed while the text was written: check it again just before the rename.
            try check(path, database: database)
            guard rename(temporary, path) == 0 else {
                throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    /// Writes to a descriptor in blocks of 64 KiB.
    private final class BlockWriter {
        let descriptor: Int32
        let path: String
        var pending: [UInt8] = []

        init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        func write(_ text: String) throws {
            pending.append(contentsOf: text.utf8)
            if pending.count >= 64 * 1024 { try flush() }
        }

        func flush() throws {
            let failure = pending.withUnsafeBytes { OutputFile.writeAll(descriptor, $0) }
            pending.removeAll(keepingCapacity: true)
            if failure != 0 {
                throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(failure)))
            }
        }
    }

    /// Syncs and closes the written file.
    private static func finish(_ descriptor: Int32, path: String) throws {
        var failure: Int32 = 0
        if fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(failure))) }
    }

    /// Writes `text` to a new file at `path`; anything already there (even a dangling symbolic
    /// link) is an error and is left as it was.
    public static func create(_ text: String, at path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw OutputFileError.exists(path: path) }
            throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        do {
            try fill(descriptor, with: text, mode: nil, path: path)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Throws unless `path` is a regular file other than the database and its companions, or nothing yet.
    public static func check(_ path: String, database: String?) throws {
        guard !path.isEmpty else { throw OutputFileError.cannotWrite(path: path, reason: "the name is empty") }
        var status = stat()
        let exists = lstat(path, &status) == 0
        if !exists && errno != ENOENT {
            throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        if exists {
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFLNK: throw OutputFileError.symbolicLink(path: path)
            case S_IFDIR: throw OutputFileError.notRegularFile(path: path, kind: "a folder")
            case S_IFIFO: throw OutputFileError.notRegularFile(path: path, kind: "a FIFO (named pipe)")
            case S_IFCHR, S_IFBLK: throw OutputFileError.notRegularFile(path: path, kind: "a device")
            case S_IFSOCK: throw OutputFileError.notRegularFile(path: path, kind: "a socket")
            default: throw OutputFileError.notRegularFile(path: path, kind: "not a regular file")
            }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder(of: path), isDirectory: &isFolder), isFolder.boolValue
        else {
            throw OutputFileError.noFolder(path: path, folder: folder(of: path))
        }
        if let database {
            let target = resolved(path)
            for protected in companions(of: database) {
                var other = stat()
                let sameFile =
                    exists && stat(protected, &other) == 0
                    && other.st_dev == status.st_dev && other.st_ino == status.st_ino
                if sameFile || resolved(protected) == target || realPath(protected) == target {
                    throw OutputFileError.isDatabase(path: path, database: database)
                }
            }
        }
        if exists && isSQLiteDatabase(path) { throw OutputFileError.sqliteFile(path: path) }
    }

    /// The database and the files SQLite keeps beside it, as named and with links resolved.
    static func companions(of database: String) -> [String] {
        let names = [database] + (realPath(database).map { [$0] } ?? [])
        return names.flatMap { name in ["", "-wal", "-shm", "-journal"].map { name + $0 } }
    }

    /// The folder a path names its file in (`.` for a bare name).
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// `path` with its folder's links, `.` and `..` resolved (the file itself need not exist).
    static func resolved(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        guard let folder = realPath(folder(of: path)) else { return path }
        return folder == "/" ? "/" + name : folder + "/" + name
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the file starts as every SQLite database does.
    static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 16)) ?? Data()
        return start == Data("SQLite format 3\0".utf8)
    }

    /// The permissions of the file being replaced, else those of a new file under the umask.
    static func mode(for path: String) -> mode_t {
        var status = stat()
        if lstat(path, &status) == 0 { return status.st_mode & 0o777 }
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
    }

    /// Writes every byte of `buffer` to `descriptor`, retrying on interruption: 0, or the errno.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Writes every byte of `text` to `descriptor`, makes it durable and closes it.
    private static func fill(_ descriptor: Int32, with text: String, mode: mode_t?, path: String) throws {
        var failure: Int32 = 0
        if let mode, fchmod(descriptor, mode) != 0 { failure = errno }
        if failure == 0 {
            failure = Array(text.utf8).withUnsafeBytes { writeAll(descriptor, $0) }
        }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw OutputFileError.cannotWrite(path: path, reason: String(cString: strerror(failure))) }
    }
}

/// A file the program was asked to write and did not: what was refused, and what to do.
public enum OutputFileError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case isDatabase(path: String, database: String)
    case sqliteFile(path: String)
    case symbolicLink(path: String)
    case notRegularFile(path: String, kind: String)
    case noFolder(path: String, folder: String)
    case exists(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .isDatabase(let path, let database):
            "refused to write \(path): it is the database \(database) (or its -wal, -shm or -journal file), which is left as it was; name another file"
        case .sqliteFile(let path):
            "refused to write over \(path): it is an SQLite database (a backup?), which is left as it was; name another file"
        case .symbolicLink(let path):
            "refused to write over \(path): it is a symbolic link, and writing through it could replace what it points to; name the file itself, or a new file"
        case .notRegularFile(let path, let kind):
            "refused to write to \(path): it is \(kind), not a regular file; name a regular file, or a new one"
        case .noFolder(let path, let folder):
            "cannot write \(path): the folder \(folder) does not exist; create it, or name a file in another folder"
        case .exists(let path):
            "\(path) already exists and is left as it was; remove it, or name a new file"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason); check the folder is writable and has space"
        }
    }

    public var errorDescription: String? { description }
}
