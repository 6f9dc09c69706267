import Foundation
import VigilCore
import Yams

/// The controls secure score evaluates: the built-in catalog followed by each deployment catalog file.
///
/// A catalog is YAML with one key, `controls`, a list of controls (format in the README). Unknown keys,
/// missing required keys, values of the wrong type, unknown categories, action types or check kinds and
/// duplicate ids are errors naming the file and the control.
public struct ScoreCatalog: Sendable, Equatable {
    /// Every control, built-in ones first, in file order.
    public var controls: [ScoreControl]

    /// A catalog of these controls (ids are not checked here; `load(files:)` checks them).
    public init(controls: [ScoreControl]) {
        self.controls = controls
    }

    /// The built-in controls.
    /// - Throws: `VigilError` only if the embedded YAML were broken (a test keeps it from being).
    public static func builtIn() throws(VigilError) -> ScoreCatalog {
        ScoreCatalog(controls: try parse(yaml: builtInYAML, origin: "built-in"))
    }

    /// The built-in controls and those of the files, in order.
    /// - Throws: `VigilError` (`badRequest`) naming the file and the problem.
    public static func load(files: [String]) throws(VigilError) -> ScoreCatalog {
        var controls = try builtIn().controls
        for path in files {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw VigilError(.badRequest, "Cannot read the score catalog '\(path)'.")
            }
            controls += try parse(yaml: text, origin: path)
        }
        var seen: [String: String] = [:]
        for control in controls {
            if let first = seen[control.id.lowercased()] {
                throw VigilError(.badRequest, "Score catalog '\(control.origin)': the control id '\(control.id)' is already defined in '\(first)'.")
            }
            seen[control.id.lowercased()] = control.origin
        }
        return ScoreCatalog(controls: controls)
    }

    /// The controls that apply to a tenant.
    public func controls(for tenantId: String) -> [ScoreControl] { controls.filter { $0.applies(to: tenantId) } }

    static let categories = ["Identity", "Data", "Device", "Apps", "Infrastructure"]
    static let actionTypes = ["Config", "Review", "Behavior"]
    static let controlKeys: Set<String> = [
        "id", "title", "description", "controlCategory", "actionType", "actionUrl", "service", "maxScore", "rank", "tier",
        "userImpact", "implementationCost", "threats", "remediation", "remediationImpact", "deprecated",
        "complianceInformation", "vendorInformation", "tenants", "check",
    ]

    /// Reads the controls of one catalog text.
    /// - Throws: `VigilError` (`badRequest`) naming `origin`, the control and the key at fault.
    public static func parse(yaml: String, origin: String) throws(VigilError) -> [ScoreControl] {
        let document: Any?
        do {
            document = try Yams.load(yaml: yaml)
        } catch {
            throw VigilError(.badRequest, "Score catalog '\(origin)' is not valid YAML: \(error)")
        }
        guard let top = document as? [String: Any] else {
            throw VigilError(.badRequest, "Score catalog '\(origin)' must be a mapping with the key 'controls'.")
        }
        if let unknown = Set(top.keys).subtracting(["controls"]).sorted().first {
            throw VigilError(.badRequest, "Score catalog '\(origin)': unknown key '\(unknown)' (the only key is 'controls').")
        }
        guard let items = top["controls"] as? [Any] else {
            throw VigilError(.badRequest, "Score catalog '\(origin)': 'controls' must be a list.")
        }
        var controls: [ScoreControl] = []
        for (index, item) in items.enumerated() {
            var reader = Reader(origin: origin, place: "controls[\(index)]", value: item)
            controls.append(try reader.control())
        }
        return controls
    }

    /// Reads one control, naming where a problem is.
    struct Reader {
        let origin: String
        var place: String
        let value: Any

        func fail(_ message: String) -> VigilError {
            VigilError(.badRequest, "Score catalog '\(origin)', \(place): \(message)")
        }

        func string(_ o: [String: Any], _ key: String) throws(VigilError) -> String? {
            guard let v = o[key], !(v is NSNull) else { return nil }
            if let s = v as? String { return s }
            if let n = v as? Int { return String(n) }
            throw fail("'\(key)' must be text.")
        }

        func number(_ o: [String: Any], _ key: String) throws(VigilError) -> Double? {
            guard let v = o[key], !(v is NSNull) else { return nil }
            if v is Bool { throw fail("'\(key)' must be a number.") }
            if let n = v as? Int { return Double(n) }
            if let d = v as? Double, d.isFinite { return d }
            throw fail("'\(key)' must be a number.")
        }

        func strings(_ o: [String: Any], _ key: String) throws(VigilError) -> [String]? {
            guard let v = o[key], !(v is NSNull) else { return nil }
            guard let list = v as? [Any] else { throw fail("'\(key)' must be a list of text.") }
            return try list.map { item throws(VigilError) in
                guard let s = item as? String else { throw fail("'\(key)' must be a list of text.") }
                return s
            }
        }

        func oneOf(_ text: String, _ allowed: [String], _ key: String) throws(VigilError) -> String {
            guard let match = allowed.first(where: { $0.lowercased() == text.lowercased() }) else {
                throw fail("'\(key)' is '\(text)', not one of \(allowed.joined(separator: ", ")).")
            }
            return match
        }

        mutating func control() throws(VigilError) -> ScoreControl {
            guard let o = value as? [String: Any] else { throw fail("a control must be a mapping.") }
            if let unknown = Set(o.keys).subtracting(ScoreCatalog.controlKeys).sorted().first {
                throw fail("unknown key '\(unknown)'.")
            }
            guard let id = try string(o, "id"), !id.isEmpty else { throw fail("'id' is required.") }
            guard id.count <= 128, id.utf8.allSatisfy({ b in
                (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 || b == 46
            }) else {
                throw fail("'id' '\(id)' must be 1–128 letters, digits, '_', '-' or '.'.")
            }
            place += " (\(id))"
            guard let title = try string(o, "title"), !title.isEmpty else { throw fail("'title' is required.") }
            guard let category = try string(o, "controlCategory") else { throw fail("'controlCategory' is required.") }
            guard let maxScore = try number(o, "maxScore") else { throw fail("'maxScore' is required.") }
            guard maxScore >= 0 else { throw fail("'maxScore' must be 0 or more.") }
            let check = try self.check(o["check"])
            let actionType = try oneOf(try string(o, "actionType") ?? (check == nil ? "Review" : "Config"), ScoreCatalog.actionTypes,
                                       "actionType")
            var rank: Int32?
            if let r = try number(o, "rank") {
                guard r == r.rounded(), r >= 0, r <= Double(Int32.max) else { throw fail("'rank' must be a whole number.") }
                rank = Int32(r)
            }
            var deprecated = false
            if let d = o["deprecated"] {
                guard let b = d as? Bool else { throw fail("'deprecated' must be true or false.") }
                deprecated = b
            }
            var vendor = SecureScoreCalculator.vigilVendor
            if let v = o["vendorInformation"] {
                guard let info = v as? [String: Any] else { throw fail("'vendorInformation' must be a mapping.") }
                if let unknown = Set(info.keys).subtracting(["provider", "vendor", "providerVersion", "subProvider"]).sorted().first {
                    throw fail("unknown key '\(unknown)' in 'vendorInformation'.")
                }
                guard let provider = try string(info, "provider"), !provider.isEmpty,
                      let name = try string(info, "vendor"), !name.isEmpty else {
                    throw fail("'vendorInformation' needs 'provider' and 'vendor'.")
                }
                vendor = SecurityVendorInformation()
                vendor.provider = provider
                vendor.vendor = name
                vendor.providerVersion = try string(info, "providerVersion")
                vendor.subProvider = try string(info, "subProvider")
            }
            return ScoreControl(
                id: id, title: title, description: try string(o, "description"),
                controlCategory: try oneOf(category, ScoreCatalog.categories, "controlCategory"), actionType: actionType,
                actionUrl: try string(o, "actionUrl"), service: try string(o, "service") ?? "Vigil", maxScore: maxScore,
                rank: rank, tier: try string(o, "tier"), userImpact: try string(o, "userImpact"),
                implementationCost: try string(o, "implementationCost"), threats: try strings(o, "threats") ?? [],
                remediation: try string(o, "remediation"), remediationImpact: try string(o, "remediationImpact"),
                deprecated: deprecated, complianceInformation: try compliance(o["complianceInformation"]),
                vendorInformation: vendor, tenants: try strings(o, "tenants").map(Set.init), check: check, origin: origin)
        }

        func compliance(_ value: Any?) throws(VigilError) -> [ComplianceInformation]? {
            guard let value else { return nil }
            guard let list = value as? [Any] else { throw fail("'complianceInformation' must be a list.") }
            return try list.map { item throws(VigilError) in
                guard let o = item as? [String: Any] else { throw fail("each 'complianceInformation' entry must be a mapping.") }
                if let unknown = Set(o.keys).subtracting(["certificationName", "certificationControls"]).sorted().first {
                    throw fail("unknown key '\(unknown)' in 'complianceInformation'.")
                }
                var info = ComplianceInformation()
                info.certificationName = try string(o, "certificationName")
                guard let controls = o["certificationControls"] else {
                    info.certificationControls = []
                    return info
                }
                guard let entries = controls as? [Any] else { throw fail("'certificationControls' must be a list.") }
                info.certificationControls = try entries.map { entry throws(VigilError) in
                    guard let c = entry as? [String: Any], Set(c.keys).isSubset(of: ["name", "url"]) else {
                        throw fail("each 'certificationControls' entry is a mapping of 'name' and 'url'.")
                    }
                    var control = CertificationControl()
                    control.name = try string(c, "name")
                    control.url = try string(c, "url")
                    return control
                }
                return info
            }
        }

        func check(_ value: Any?) throws(VigilError) -> ScoreCheck? {
            guard let value else { return nil }
            guard let o = value as? [String: Any], let kind = try string(o, "kind") else {
                throw fail("'check' must be a mapping with 'kind' (\(ScoreCheck.kinds.joined(separator: ", "))).")
            }
            func only(_ keys: Set<String>) throws(VigilError) {
                if let unknown = Set(o.keys).subtracting(keys.union(["kind"])).sorted().first {
                    throw fail("unknown key '\(unknown)' in a '\(kind)' check.")
                }
            }
            func positive(_ key: String, _ fallback: Double) throws(VigilError) -> Double {
                let v = try number(o, key) ?? fallback
                guard v > 0 else { throw fail("'\(key)' must be more than 0.") }
                return v
            }
            switch kind {
            case "providersHealthy":
                try only([])
                return .providersHealthy
            case "indicatorFeedsFresh":
                try only(["maxAgeHours"])
                return .indicatorFeedsFresh(maxAgeHours: try positive("maxAgeHours", 168))
            case "alertsTriaged":
                try only(["severity", "maxAgeHours"])
                let severity = try string(o, "severity") ?? "high"
                guard let canonical = AlertSeverity.schema.canonicalName(severity) else {
                    throw fail("'severity' '\(severity)' is not an alertSeverity.")
                }
                return .alertsTriaged(severity: canonical, maxAgeHours: try positive("maxAgeHours", 24))
            case "webhooksDelivering":
                try only(["windowHours", "maxPendingMinutes"])
                return .webhooksDelivering(windowHours: try positive("windowHours", 24),
                                           maxPendingMinutes: try positive("maxPendingMinutes", 60))
            case "exportersHealthy":
                try only(["maxLag"])
                let lag = try number(o, "maxLag") ?? 1000
                guard lag >= 0, lag == lag.rounded() else { throw fail("'maxLag' must be a whole number, 0 or more.") }
                return .exportersHealthy(maxLag: Int64(lag))
            default:
                throw fail("unknown check kind '\(kind)'; kinds are \(ScoreCheck.kinds.joined(separator: ", ")).")
            }
        }
    }
}
