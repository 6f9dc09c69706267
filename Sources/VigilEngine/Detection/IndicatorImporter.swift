import Foundation
import VigilCore
import VigilDetection
import VigilStorage

/// Imports a threat-intelligence file (STIX 2.1 bundle or MISP JSON) as indicators owned by one app:
/// what the file holds is read, checked as a submission would be, stamped and stored in batches. Used by
/// `POST /ingest/indicators/{stix|misp}` and `vigil indicators import`.
public enum IndicatorImporter {
    /// The formats it reads.
    public static let formats = ["stix", "misp"]

    /// What an import did.
    public struct Outcome: Sendable {
        public var imported = 0
        public var skipped: [IndicatorImport.Skipped] = []

        public init(imported: Int, skipped: [IndicatorImport.Skipped]) {
            self.imported = imported
            self.skipped = skipped
        }

        /// The JSON report (the first 1,000 skipped items with their reasons).
        public var json: JSONValue {
            ["imported": .int(Int64(imported)), "skipped": .int(Int64(skipped.count)),
             "skippedItems": .array(skipped.prefix(1000).map { ["reference": .string($0.reference), "reason": .string($0.reason)] })]
        }
    }

    /// Reads the file and checks every indicator; nothing is stored.
    /// - Throws: `VigilError` (400) when the file is not of the format at all.
    public static func prepare(format: String, bytes: [UInt8], defaults: IndicatorImportDefaults,
                               tenantId: String) throws(VigilError) -> (ready: [TiIndicator], skipped: [IndicatorImport.Skipped]) {
        let read: IndicatorImport
        switch format {
        case "stix": read = try STIXImport.read(bytes, defaults: defaults)
        case "misp": read = try MISPImport.read(bytes, defaults: defaults)
        default:
            throw VigilError(.badRequest, "Unknown indicator format '\(format)'; known: \(formats.joined(separator: ", ")).")
        }
        var ready: [TiIndicator] = []
        var skipped = read.skipped
        for var indicator in read.indicators {
            let reference = indicator.externalId ?? "indicator \(ready.count + skipped.count + 1)"
            if let problem = indicator.submissionProblem {
                skipped.append(.init(reference: reference, reason: problem))
                continue
            }
            if let name = IndexedIndicator.patterns(of: indicator).unreadable.first {
                skipped.append(.init(reference: reference, reason: "'\(name)' is not a valid value for matching"))
                continue
            }
            indicator.stampSubmission(id: UUID().uuidString.lowercased(), tenantId: tenantId, now: defaults.now)
            ready.append(indicator)
        }
        return (ready, skipped)
    }

    /// Stores prepared indicators in batches of `batchSize`, calling `progress` with the count stored so far.
    public static func store(_ indicators: [TiIndicator], repository: IndicatorRepository, tenantId: String, appId: String,
                             now: DateTimeOffset, batchSize: Int = 1000,
                             progress: (Int) -> Void = { _ in }) async throws {
        var stored = 0
        while stored < indicators.count {
            let batch = Array(indicators[stored..<min(stored + batchSize, indicators.count)])
            try await repository.create(tenantId: tenantId, appId: appId, batch, at: now)
            stored += batch.count
            progress(stored)
        }
    }
}
