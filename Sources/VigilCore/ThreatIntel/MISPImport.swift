/// Reads MISP JSON (events, event lists, attribute lists) into `tiIndicator`s.
///
/// Accepted documents: `{"Event": {…}}`; a bare event (an object with `Attribute`, `Object`, `info` or
/// `ShadowAttribute`, which also covers `{"Attribute": […]}` attribute lists); `{"response": …}` holding a
/// list of events or one event/attribute list; a JSON array of events (wrapped or bare). Anything else is
/// not a MISP document and throws.
///
/// Each attribute of the event and of its objects (`Object[].Attribute[]`) becomes one `tiIndicator`
/// (`externalId` = its `uuid`) when it is not deleted, has `to_ids` true and has a supported type:
/// `ip-src`/`ip-dst` (and `|port`, address part only) → `networkSource…`/`networkDestination…` IPv4, IPv6
/// or CIDR block by form; `domain`, `hostname` → `domainName`; `domain|ip` → `domainName` and the
/// destination address on one indicator (the domain resolving to that address); `url` → `url`; `md5`,
/// `sha1`, `sha256` → `fileHashType` + `fileHashValue`; `filename|md5`/`|sha1`/`|sha256` and
/// `malware-sample` (`name|md5`) → hash and `fileName`; `filename` → `fileName`; `email-src`, `email` →
/// `emailSenderAddress`; `email-dst` → `emailRecipient`. Everything else is skipped with the reason,
/// including proposals (`ShadowAttribute`), which are not part of the event until accepted.
///
/// Mapping: `description` from the event `info` (cut to 100 characters; when it is missing or blank,
/// `MISP event <uuid>`); `tags` from the `Tag` names of
/// the event (`Tag` and `EventTag[].Tag`), the object and the attribute; `tlpLevel` from the most
/// restrictive `tlp:` tag among those (`clear` → white, `amber+strict` → red), else the default;
/// `threatType` the default; no `confidence`; `expirationDateTime` = the attribute's `last_seen` +
/// validity when it has one (and the attribute is skipped as expired when that is past), else now +
/// validity.
public enum MISPImport {
    /// Reads a MISP document.
    ///
    /// - Parameters:
    ///   - bytes: the document, JSON in UTF-8.
    ///   - defaults: what the document does not say.
    /// - Returns: the indicators, and what was skipped with the reason.
    /// - Throws: `VigilError(.badRequest)` when the bytes are not JSON or not a MISP event or attribute list.
    public static func read(_ bytes: [UInt8], defaults: IndicatorImportDefaults) throws(VigilError) -> IndicatorImport {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw VigilError(.badRequest, "the MISP file is not JSON: \(error.message)")
        }
        var result = IndicatorImport()
        for event in try events(document) { readEvent(event, defaults: defaults, into: &result) }
        return result
    }

    private static let notMISP = "not a MISP document: expected an event ({\"Event\": …} or an object with "
        + "\"Attribute\", \"Object\" or \"info\"), a list of events, or {\"response\": …}"

    /// The events of a document.
    private static func events(_ document: JSONValue) throws(VigilError) -> [[String: JSONValue]] {
        func event(_ value: JSONValue) throws(VigilError) -> [String: JSONValue] {
            if let wrapped = value["Event"]?.objectValue { return wrapped }
            guard let object = value.objectValue,
                  ["Attribute", "Object", "info", "ShadowAttribute"].contains(where: { object[$0] != nil })
            else { throw VigilError(.badRequest, notMISP) }
            return object
        }
        switch document {
        case .array(let items): return try items.map(event)
        case .object(let object):
            if let response = object["response"], object["Event"] == nil {
                if case .array(let items) = response { return try items.map(event) }
                return [try event(response)]
            }
            return [try event(document)]
        default: throw VigilError(.badRequest, notMISP)
        }
    }

    private static func tagNames(_ container: JSONValue?) -> [String] {
        let direct = container?["Tag"]?.arrayValue ?? []
        let eventTags = (container?["EventTag"]?.arrayValue ?? []).compactMap { $0["Tag"] }
        return (direct + eventTags).compactMap { $0["name"]?.stringValue }
    }

    private static func readEvent(_ event: [String: JSONValue], defaults: IndicatorImportDefaults,
                                  into result: inout IndicatorImport) {
        let eventValue = JSONValue.object(event)
        let description = event["info"]?.stringValue.flatMap { $0.trimmingSpace.isEmpty ? nil : $0 }
            ?? event["uuid"]?.stringValue.map { "MISP event \($0)" } ?? "MISP event"
        let base = defaults.template(description: description)
        let eventTags = tagNames(eventValue)
        var attributes: [(JSONValue, object: JSONValue?)] = (event["Attribute"]?.arrayValue ?? []).map { ($0, nil) }
        for object in event["Object"]?.arrayValue ?? [] {
            attributes += (object["Attribute"]?.arrayValue ?? []).map { ($0, object) }
        }
        for (attribute, object) in attributes {
            var tags = eventTags
            for name in tagNames(object) + tagNames(attribute) { tags.appendUnique(name) }
            readAttribute(attribute, object: object, tags: tags, base: base, defaults: defaults, into: &result)
            for proposal in attribute["ShadowAttribute"]?.arrayValue ?? [] {
                result.skip(reference(proposal), proposalReason)
            }
        }
        for proposal in event["ShadowAttribute"]?.arrayValue ?? [] { result.skip(reference(proposal), proposalReason) }
    }

    private static let proposalReason = "a proposal (ShadowAttribute), not part of the event until accepted"

    /// The attribute's `uuid`, else its type and value.
    private static func reference(_ attribute: JSONValue) -> String {
        if let uuid = attribute["uuid"]?.stringValue, !uuid.isEmpty { return uuid }
        return "\(attribute["type"]?.stringValue ?? "attribute") \(attribute["value"]?.stringValue ?? "")"
    }

    /// Whether a MISP flag is set: `true`, `"1"`, `1`, `"true"`.
    private static func flag(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let b): b
        case .int(let i): i != 0
        case .string(let s): ["1", "true"].contains(s.lowercased()) ? true : ["0", "false", ""].contains(s.lowercased()) ? false : nil
        default: nil
        }
    }

    private static func readAttribute(_ attribute: JSONValue, object: JSONValue?, tags: [String], base: TiIndicator,
                                      defaults: IndicatorImportDefaults, into result: inout IndicatorImport) {
        let reference = Self.reference(attribute)
        if flag(object?["deleted"]) == true { return result.skip(reference, "its object is deleted") }
        if flag(attribute["deleted"]) == true { return result.skip(reference, "deleted") }
        switch flag(attribute["to_ids"]) {
        case true?: break
        case false?: return result.skip(reference, "to_ids is false")
        case nil: return result.skip(reference, "to_ids is not set")
        }
        guard let type = attribute["type"]?.stringValue else { return result.skip(reference, "no type") }
        guard let value = attribute["value"]?.stringValue?.trimmingSpace, !value.isEmpty else {
            return result.skip(reference, "no value")
        }
        let found: [ImportedObservable]
        switch observables(type: type, value: value) {
        case .success(let observables): found = observables
        case .failure(let problem): return result.skip(reference, problem.reason)
        }
        var indicator = base
        if let lastSeen = attribute["last_seen"]?.stringValue, let seen = DateTimeOffset(lastSeen) {
            let end = defaults.expiration(after: seen)
            guard end > defaults.now else {
                return result.skip(reference, "expired (last_seen \(lastSeen) + \(defaults.validityDays) days)")
            }
            indicator.expirationDateTime = end
        }
        indicator.externalId = attribute["uuid"]?.stringValue
        if !tags.isEmpty { indicator.tags = tags }
        var tlp: TlpLevel?
        for tag in tags where tag.lowercased().hasPrefix("tlp:") {
            if let level = IndicatorText.tlp(tag) { tlp = IndicatorText.stricter(tlp, level) }
        }
        if let tlp { indicator.tlpLevel = tlp }
        found.forEach { $0.apply(to: &indicator) }
        result.indicators.append(indicator)
    }

    /// The observables of an attribute of a type and value, or why it has none.
    static func observables(type: String, value: String) -> Result<[ImportedObservable], ImportProblem> {
        func fail(_ reason: String) -> Result<[ImportedObservable], ImportProblem> { .failure(.init(reason)) }
        func address(_ text: String, source: Bool) -> ImportedObservable? {
            switch IndicatorText.addressForm(text) {
            case .ipv4?: source ? .property(\.networkSourceIPv4, name: "networkSourceIPv4", value: text)
                : .property(\.networkDestinationIPv4, name: "networkDestinationIPv4", value: text)
            case .ipv6?: source ? .property(\.networkSourceIPv6, name: "networkSourceIPv6", value: text)
                : .property(\.networkDestinationIPv6, name: "networkDestinationIPv6", value: text)
            case .cidr4?, .cidr6?: source
                ? .property(\.networkSourceCidrBlock, name: "networkSourceCidrBlock", value: text)
                : .property(\.networkDestinationCidrBlock, name: "networkDestinationCidrBlock", value: text)
            case nil: nil
            }
        }
        let hashTypes: [String: FileHashType] = ["md5": .md5, "sha1": .sha1, "sha256": .sha256]
        let parts = value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let composite = type.split(separator: "|", maxSplits: 1).map(String.init)
        switch type {
        case "ip-src", "ip-dst", "ip-src|port", "ip-dst|port":
            // The address part of `address|port` (an IPv6 address has no `|`, so the last one splits).
            let text = composite.count == 2 ? value.lastIndex(of: "|").map { String(value[..<$0]) } ?? value : value
            guard let found = address(text, source: type.hasPrefix("ip-src")) else {
                return fail("'\(text)' is not an IP address or CIDR block")
            }
            return .success([found])
        case "domain", "hostname":
            guard IndicatorText.isDomainName(value) else { return fail("'\(value)' is not a domain name") }
            return .success([.property(\.domainName, name: "domainName", value: value)])
        case "domain|ip":
            guard parts.count == 2, IndicatorText.isDomainName(parts[0]), let ip = address(parts[1], source: false)
            else { return fail("'\(value)' is not a domain|ip pair") }
            return .success([.property(\.domainName, name: "domainName", value: parts[0]), ip])
        case "url": return .success([.property(\.url, name: "url", value: value)])
        case "uri": return fail("type uri is not supported (a path without a host cannot be matched as a url)")
        case "md5", "sha1", "sha256":
            guard let hashType = hashTypes[type], let hash = IndicatorText.hash(value, hashType) else {
                return fail("'\(value)' is not an \(IndicatorText.hashName(hashTypes[type] ?? .md5)) hash")
            }
            return .success([.hash(hashType, hash)])
        case "filename|md5", "filename|sha1", "filename|sha256", "malware-sample":
            let hashType = type == "malware-sample" ? FileHashType.md5 : (hashTypes[composite[composite.count - 1]] ?? .md5)
            guard parts.count == 2, !parts[0].isEmpty, let hash = IndicatorText.hash(parts[1], hashType) else {
                return fail("'\(value)' is not a file name and \(IndicatorText.hashName(hashType)) hash joined by |")
            }
            return .success([.property(\.fileName, name: "fileName", value: parts[0]), .hash(hashType, hash)])
        case "filename": return .success([.property(\.fileName, name: "fileName", value: value)])
        case "email-src", "email", "email-dst":
            guard IndicatorText.isEmailAddress(value) else { return fail("'\(value)' is not an e-mail address") }
            return .success([type == "email-dst" ? .property(\.emailRecipient, name: "emailRecipient", value: value)
                : .property(\.emailSenderAddress, name: "emailSenderAddress", value: value)])
        default: return fail("type \(type) is not supported")
        }
    }
}
