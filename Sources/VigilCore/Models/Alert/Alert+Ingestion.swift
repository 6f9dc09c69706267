extension Alert {
    /// Why this alert cannot be stored as sent, or `nil` when it can. Ingestion needs the source's own
    /// `id`, `vendorInformation.provider` and `vendor` (the idempotency key and routing), `severity` and
    /// `status`, and every declared property with the declared type.
    public var ingestionProblem: String? {
        if !passthrough.invalidProperties.isEmpty {
            let names = passthrough.invalidProperties.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "these properties do not have the type the alert schema declares: \(names)"
        }
        guard let id, !id.isEmpty else { return "'id' (the source's own alert id) is required" }
        guard id.utf8.count <= 512 else { return "'id' is longer than 512 bytes" }
        guard let provider = vendorInformation?.provider, !provider.isEmpty else {
            return "'vendorInformation.provider' is required"
        }
        guard let vendor = vendorInformation?.vendor, !vendor.isEmpty else {
            return "'vendorInformation.vendor' is required"
        }
        guard severity != nil else { return "'severity' is required" }
        guard status != nil else { return "'status' is required" }
        return nil
    }

    /// Fills what Graph requires and a source may leave out: `azureTenantId` (the Vigil tenant),
    /// `createdDateTime`, `eventDateTime` and `lastModifiedDateTime` (now, or the creation time).
    public mutating func fillIngestionDefaults(tenantId: String, now: DateTimeOffset) {
        if azureTenantId == nil { azureTenantId = tenantId }
        if createdDateTime == nil { createdDateTime = now }
        if eventDateTime == nil { eventDateTime = createdDateTime }
        if lastModifiedDateTime == nil { lastModifiedDateTime = createdDateTime }
    }
}
