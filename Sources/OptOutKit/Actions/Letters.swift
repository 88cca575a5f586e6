import Crypto
import Foundation
import GRDB

/// A letter as `optout letter` prints it, with the logged notice or reminder it reproduces.
public struct LetterOfCase: Sendable {
    public var letter: Letter
    /// The logged letter this one is the text of (same date), if any. When its digest differs
    /// from `letter.sha256`, the templates or the recipient's details changed since it was sent.
    public var logged: Notice?
}

/// A file that `verifyLetter` found to be a logged letter.
public struct VerifiedLetter: Sendable {
    public var recipient: String
    public var campaign: String
    public var notice: Notice
}

extension Tracker {
    /// The letter of a case. Once its notice (or, with `reminder`, a reminder) is logged: dated
    /// and worded as logged, so its digest is the logged one, unless `date` asks for another date
    /// or the template changed since. Before: dated `date` (default today), with the deadline the
    /// campaign's rule would give (a reminder: the case's deadline).
    public func letter(
        recipient name: String, campaign campaignName: String?, date: Day? = nil,
        reminder: Bool = false
    ) throws -> LetterOfCase {
        try read { db in
            let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
            let kind: NoticeKind = reminder ? .reminder : .notice
            let logged = try Notice.filter(Column("case_id") == theCase.id && Column("kind") == kind)
                .order(Column("id").desc).fetchAll(db)
                .first { date == nil || $0.sentOn == date }
            if reminder {
                guard logged != nil || CaseState.awaitingAnswer.contains(theCase.state) else {
                    throw CaseError.refused(
                        recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: .sendReminder)
                }
                let day = logged?.sentOn ?? date ?? today
                let reference =
                    try logged?.reference ?? theCase.id.flatMap { try openingNotice(db, caseId: $0) }?.reference
                return LetterOfCase(
                    letter: try reminderLetter(
                        db, recipient: recipient, campaign: campaign, theCase: theCase,
                        date: day, reference: reference), logged: logged)
            }
            if let logged {
                return LetterOfCase(
                    letter: try letters.letter(
                        for: recipient, in: campaign, date: logged.sentOn,
                        deadline: logged.deadline, reference: logged.reference),
                    logged: logged)
            }
            let day = date ?? today
            return LetterOfCase(
                letter: try letters.letter(
                    for: recipient, in: campaign, date: day,
                    deadline: campaign.deadline(forNoticeSentOn: day), reference: nil),
                logged: nil)
        }
    }

    /// Whether the file at `path` is, byte for byte, a letter logged for the case (its notice or
    /// a reminder): the logged letter it is, or an error that gives both digests.
    public func verifyLetter(recipient name: String, campaign campaignName: String?, file path: String) throws
        -> VerifiedLetter
    {
        let digest = try LetterPage.digest(ofFileAt: path)
        return try read { db in
            let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
            // A digest counts only if the case's sealed records vouch for it.
            if let caseId = theCase.id, let problem = try caseSealProblem(db, caseId: caseId) {
                throw SealError.recordsAltered(recipient: recipient.name, campaign: campaign.name, problem: problem)
            }
            let notices = try Notice.filter(Column("case_id") == theCase.id).order(Column("id")).fetchAll(db)
            guard let last = notices.last else {
                throw LetterError.noLetterLogged(recipient: recipient.name, campaign: campaign.name, path: path)
            }
            if let match = notices.first(where: { $0.letterSha256 == digest }) {
                return VerifiedLetter(recipient: recipient.name, campaign: campaign.name, notice: match)
            }
            throw LetterError.notTheLoggedLetter(
                path: path, recipient: recipient.name, campaign: campaign.name, digest: digest,
                last: .init(kind: last.kind, sentOn: last.sentOn, sha256: last.letterSha256),
                logged: notices.count)
        }
    }

    /// Whether the file at `path` (a text letter, or an HTML letter page) is a letter logged for
    /// any case: found by its digest, vouched for by the case's sealed records.
    public func verifyLetter(file path: String) throws -> VerifiedLetter {
        let digest = try LetterPage.digest(ofFileAt: path)
        return try read { db in
            guard
                let notice = try Notice.filter(Column("letter_sha256") == digest).order(Column("id")).fetchOne(db),
                let theCase = try Case.fetchOne(db, key: notice.caseId),
                let recipient = try Recipient.fetchOne(db, key: theCase.recipientId),
                let campaign = try Campaign.fetchOne(db, key: theCase.campaignId)
            else {
                throw LetterBatchError.noLoggedLetterMatches(path: path, digest: digest)
            }
            if let problem = try caseSealProblem(db, caseId: notice.caseId) {
                throw SealError.recordsAltered(recipient: recipient.name, campaign: campaign.name, problem: problem)
            }
            return VerifiedLetter(recipient: recipient.name, campaign: campaign.name, notice: notice)
        }
    }

    /// The SHA-256 (hex) of a file's bytes, read in chunks.
    static func sha256(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError.cannotOpen(path: path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw FileError.unreadable(path: path, reason: error.localizedDescription)
        }
        return Letter.hex(hasher.finalize())
    }
}
