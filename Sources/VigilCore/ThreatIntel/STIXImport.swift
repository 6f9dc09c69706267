/// Reads STIX 2.x bundles into `tiIndicator`s.
///
/// Each `indicator` object whose `pattern_type` is `stix` (or absent) has its pattern read into
/// alternatives: the pattern's ORs (of comparisons, of observations, and `IN` lists) give one alternative
/// each, and each alternative becomes one `tiIndicator` (`externalId` = the STIX id, with `#n` when the
/// pattern has several). An AND joins comparisons into one `tiIndicator` when each fills a different
/// property; two values for one property (`file:hashes.MD5 = … AND file:hashes.'SHA-1' = …`) cannot be
/// one `tiIndicator`, so that alternative is skipped. Comparisons other than `=` on `ipv4-addr:value`,
/// `ipv6-addr:value` (CIDR allowed), `domain-name:value`, `url:value`, `file:hashes.MD5`/`SHA-1`/
/// `SHA-256`, `file:name`, `email-addr:value` and `email-message:from_ref.value`/`sender_ref.value`
/// make their alternative skipped, as do `FOLLOWEDBY` and qualifiers (`WITHIN`, `REPEATS`, `START`) for
/// the whole indicator.
///
/// Mapping: `description` from `name` (else `description`, else the pattern; blank ones are passed over),
/// cut to 100 characters; `expirationDateTime` from `valid_until` (else now + validity); `confidence`;
/// `tags` from `labels`;
/// `killChain` from Lockheed Martin kill-chain phases (Graph's values), other phases as
/// `chain:phase` tags; `malwareFamilyNames` and `activityGroupNames` from the malware, threat actors and
/// intrusion sets the indicator `indicates`; `tlpLevel` from the most restrictive TLP marking (standard
/// ids or the bundle's own definitions) in `object_marking_refs` or in granular markings of the pattern
/// or the description's source field. `threatType`: `anonymization` → Proxy; a `command-and-control`
/// kill-chain phase → C2; `malicious-activity` or `compromised` → MaliciousUrl for a URL, Malware for a
/// file or an indicator of malware; otherwise the default. Revoked and expired indicators are skipped.
public enum STIXImport {
    /// Reads a STIX bundle.
    ///
    /// - Parameters:
    ///   - bytes: the bundle, JSON in UTF-8.
    ///   - defaults: what the bundle does not say.
    /// - Returns: the indicators, and what was skipped with the reason.
    /// - Throws: `VigilError(.badRequest)` when the bytes are not JSON or not a STIX bundle.
    public static func read(_ bytes: [UInt8], defaults: IndicatorImportDefaults) throws(VigilError) -> IndicatorImport {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw VigilError(.badRequest, "the STIX file is not JSON: \(error.message)")
        }
        guard document["type"]?.stringValue == "bundle", let objects = document["objects"]?.arrayValue else {
            throw VigilError(.badRequest,
                             "not a STIX bundle: expected a JSON object with \"type\": \"bundle\" and an \"objects\" array")
        }
        let context = BundleContext(objects)
        var result = IndicatorImport()
        for (index, object) in objects.enumerated() {
            guard let fields = object.objectValue, let type = fields["type"]?.stringValue else {
                result.skip("objects[\(index)]", "not a STIX object (no \"type\")")
                continue
            }
            guard type == "indicator" else { continue }
            readIndicator(fields, reference: fields["id"]?.stringValue ?? "objects[\(index)]", context: context,
                          defaults: defaults, into: &result)
        }
        return result
    }

    /// What indicators take from the rest of the bundle: TLP of markings, names of what they indicate.
    struct BundleContext {
        /// Marking ids known to be TLP: the standard TLP 1.0 and 2.0 ids and the bundle's own definitions.
        var tlp: [String: TlpLevel] = [
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": .white,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": .green,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": .amber,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": .red,
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": .white,  // TLP 2.0 CLEAR
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": .green,
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": .amber,
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": .red,  // AMBER+STRICT
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": .red,
        ]
        var malware: [String: [String]] = [:]
        var groups: [String: [String]] = [:]

        init(_ objects: [JSONValue]) {
            var names: [String: (type: String, name: String)] = [:]
            for object in objects {
                guard let id = object["id"]?.stringValue, let type = object["type"]?.stringValue else { continue }
                if type == "marking-definition" {
                    let level = object["definition"]?["tlp"]?.stringValue.flatMap(IndicatorText.tlp)
                        ?? object["name"]?.stringValue.flatMap(IndicatorText.tlp)
                    if let level { tlp[id] = level }
                } else if let name = object["name"]?.stringValue {
                    names[id] = (type, name)
                }
            }
            for object in objects where object["type"]?.stringValue == "relationship"
                && object["relationship_type"]?.stringValue == "indicates"
            {
                guard let source = object["source_ref"]?.stringValue, let target = object["target_ref"]?.stringValue,
                      let (type, name) = names[target] else { continue }
                switch type {
                case "malware": malware[source, default: []].appendUnique(name)
                case "threat-actor", "intrusion-set": groups[source, default: []].appendUnique(name)
                default: break
                }
            }
        }
    }

    private static func readIndicator(_ fields: [String: JSONValue], reference: String, context: BundleContext,
                                      defaults: IndicatorImportDefaults, into result: inout IndicatorImport) {
        if fields["revoked"] == .bool(true) { return result.skip(reference, "revoked") }
        if let patternType = fields["pattern_type"]?.stringValue, patternType.lowercased() != "stix" {
            return result.skip(reference, "pattern_type '\(patternType)' is not supported (only 'stix')")
        }
        guard let pattern = fields["pattern"]?.stringValue else { return result.skip(reference, "no pattern") }
        var expiration = defaults.defaultExpiration
        if let validUntil = fields["valid_until"]?.stringValue {
            guard let end = DateTimeOffset(validUntil) else {
                return result.skip(reference, "valid_until '\(validUntil)' is not a timestamp")
            }
            guard end > defaults.now else { return result.skip(reference, "expired (valid_until \(validUntil))") }
            expiration = end
        }
        let alternatives: [[STIXPattern.Comparison]]
        do { alternatives = try STIXPattern.alternatives(pattern) } catch {
            return result.skip(reference, error.reason)
        }
        let id = fields["id"]?.stringValue

        // A blank name or description is passed over: the indicator needs a description to be submitted.
        let descriptionField = ["name", "description"].first { fields[$0]?.stringValue?.trimmingSpace.isEmpty == false }
            ?? "pattern"
        var base = defaults.template(description: fields[descriptionField]?.stringValue ?? pattern)
        base.expirationDateTime = expiration
        if case .int(let confidence) = fields["confidence"], (0...100).contains(confidence) {
            base.confidence = Int32(confidence)
        }
        var tags = fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var killChain: [String] = []
        for phase in fields["kill_chain_phases"]?.arrayValue ?? [] {
            guard let chain = phase["kill_chain_name"]?.stringValue, let name = phase["phase_name"]?.stringValue
            else { continue }
            if chain == "lockheed-martin-cyber-kill-chain", let graphName = lockheedPhases[name] {
                killChain.appendUnique(graphName)
            } else {
                tags.appendUnique("\(chain):\(name)")
            }
        }
        if !tags.isEmpty { base.tags = tags }
        if !killChain.isEmpty { base.killChain = killChain }
        base.malwareFamilyNames = id.flatMap { context.malware[$0] }
        base.activityGroupNames = id.flatMap { context.groups[$0] }
        if let level = tlp(fields, markedFields: ["pattern", descriptionField], context: context) { base.tlpLevel = level }

        let types = Set((fields["indicator_types"] ?? fields["labels"])?.arrayValue?.compactMap(\.stringValue) ?? [])
        let phases = Set((fields["kill_chain_phases"]?.arrayValue ?? []).compactMap { $0["phase_name"]?.stringValue })
        for (index, alternative) in alternatives.enumerated() {
            let itemReference = alternatives.count > 1 ? "\(reference)#\(index + 1)" : reference
            var observables: [ImportedObservable] = []
            var failure: String?
            for comparison in alternative {
                switch comparison.observable() {
                case .success(let observable):
                    if let other = observables.first(where: { $0.propertyName == observable.propertyName }) {
                        failure = "AND of two values for \(other.propertyName) cannot be one tiIndicator"
                    }
                    observables.append(observable)
                case .failure(let problem): failure = problem.reason
                }
                if failure != nil { break }
            }
            if let failure {
                result.skip(itemReference, failure)
                continue
            }
            var indicator = base
            indicator.externalId = id.map { alternatives.count > 1 ? "\($0)#\(index + 1)" : $0 }
            observables.forEach { $0.apply(to: &indicator) }
            indicator.threatType = threatType(types: types, phases: phases, observables: observables,
                                              indicatesMalware: base.malwareFamilyNames != nil) ?? defaults.threatType
            result.indicators.append(indicator)
        }
    }

    /// Lockheed Martin kill-chain phase names and Graph's `killChain` values.
    private static let lockheedPhases = [
        "reconnaissance": "Reconnaissance", "weaponization": "Weaponization", "delivery": "Delivery",
        "exploitation": "Exploitation", "installation": "Installation", "command-and-control": "C2",
        "actions-on-objectives": "Actions",
    ]

    /// The most restrictive TLP marking on the object or on the fields the indicator is built from.
    private static func tlp(_ fields: [String: JSONValue], markedFields: Set<String>,
                            context: BundleContext) -> TlpLevel? {
        var refs = fields["object_marking_refs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for granular in fields["granular_markings"]?.arrayValue ?? [] {
            let selectors = granular["selectors"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let ref = granular["marking_ref"]?.stringValue, selectors.contains(where: markedFields.contains) {
                refs.append(ref)
            }
        }
        var level: TlpLevel?
        for ref in refs { if let found = context.tlp[ref] { level = IndicatorText.stricter(level, found) } }
        return level
    }

    private static func threatType(types: Set<String>, phases: Set<String>, observables: [ImportedObservable],
                                   indicatesMalware: Bool) -> String? {
        if types.contains("anonymization") { return "Proxy" }
        if phases.contains("command-and-control") { return "C2" }
        guard types.contains("malicious-activity") || types.contains("compromised") else { return nil }
        let names = Set(observables.map(\.propertyName))
        if names.contains("url") { return "MaliciousUrl" }
        if indicatesMalware || names.contains("fileHashValue") || names.contains("fileName") { return "Malware" }
        return nil
    }
}

extension Array where Element: Equatable {
    mutating func appendUnique(_ element: Element) {
        if !contains(element) { append(element) }
    }
}
