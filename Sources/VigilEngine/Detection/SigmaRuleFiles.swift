import Foundation
import VigilCore
import VigilDetection

/// Reads Sigma rule files from directories (the I/O shell around `SigmaRuleSet`): every `.yml` and
/// `.yaml` file below each directory, in path order.
public enum SigmaRuleFiles {
    /// A file's path with its modification time and size, to notice changes.
    public struct Stamp: Sendable, Hashable {
        public var path: String
        public var modified: Double
        public var size: Int
    }

    /// The rule files below the directories, with their stamps, in path order.
    /// - Throws: `VigilError` (bad request) naming a directory that cannot be read.
    public static func list(_ directories: [String]) throws(VigilError) -> [Stamp] {
        var out: [Stamp] = []
        let manager = FileManager.default
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
                  let walker = manager.enumerator(at: URL(fileURLWithPath: directory),
                                                 includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey])
            else {
                throw VigilError(.badRequest, "Cannot read the Sigma rule directory '\(directory)'.")
            }
            for case let url as URL in walker {
                let ext = url.pathExtension.lowercased()
                guard ext == "yml" || ext == "yaml" else { continue }
                let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey])
                // A file whose attributes cannot be read is still listed; reading it then reports why it failed.
                guard values?.isRegularFile ?? true else { continue }
                out.append(Stamp(path: url.path, modified: values?.contentModificationDate?.timeIntervalSince1970 ?? 0,
                                 size: values?.fileSize ?? -1))
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// Reads and compiles the rules of the directories.
    /// - Returns: the rule set (unreadable files are among its skipped rules) and the stamps it was read from.
    /// - Throws: `VigilError` naming a directory that cannot be read.
    public static func load(_ directories: [String]) throws(VigilError) -> (SigmaRuleSet, [Stamp]) {
        let stamps = try list(directories)
        var sources: [SigmaRuleSet.Source] = []
        var unreadable: [SigmaRuleSet.Skipped] = []
        for stamp in stamps {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: stamp.path))
                guard let text = String(data: data, encoding: .utf8) else {
                    unreadable.append(.init(name: stamp.path, error: SigmaRuleError(.unreadable, "the file is not UTF-8 text")))
                    continue
                }
                sources.append(.init(name: stamp.path, text: text))
            } catch {
                unreadable.append(.init(name: stamp.path, error: SigmaRuleError(.unreadable, "cannot read the file: \(error.localizedDescription)")))
            }
        }
        return (SigmaRuleSet(sources: sources, unreadable: unreadable), stamps)
    }
}
