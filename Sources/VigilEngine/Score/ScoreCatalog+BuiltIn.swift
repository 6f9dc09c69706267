/// The controls Vigil evaluates itself, as catalog YAML read by the same loader as a deployment's files.
extension ScoreCatalog {
    static let builtInYAML = """
        # Vigil's built-in secure score controls. Each names the check that scores it (see the README).
        controls:
          - id: VigilProvidersHealthy
            title: Keep every remote provider connected and healthy
            description: Alerts, actions and scores of a provider that does not answer are missing from every answer Vigil gives.
            controlCategory: Infrastructure
            actionType: Config
            service: Federation
            maxScore: 30
            rank: 1
            tier: Core
            userImpact: Low
            implementationCost: Low
            threats: [Blind spot, Missed detection, Delayed response]
            remediation: Run `vigil providers list` and `vigil providers test NAME`; fix the URL, the credentials or the network path of each provider that fails.
            remediationImpact: None for users; analysts see every provider's alerts again.
            actionUrl: "{baseUrl}/health"
            check:
              kind: providersHealthy
          - id: VigilIndicatorFeedsFresh
            title: Keep threat indicator feeds flowing
            description: Events are matched only against active indicators; a feed that stopped leaves new threats unmatched.
            controlCategory: Infrastructure
            actionType: Config
            service: ThreatIntelligence
            maxScore: 20
            rank: 2
            tier: Core
            userImpact: Low
            implementationCost: Moderate
            threats: [Known malicious infrastructure, Phishing, Malware]
            remediation: Submit indicators through /beta/security/tiIndicators or `vigil indicators import` from your STIX or MISP feed at least weekly.
            remediationImpact: None for users.
            actionUrl: "{baseUrl}/beta/security/tiIndicators"
            check:
              kind: indicatorFeedsFresh
              maxAgeHours: 168
          - id: VigilHighSeverityAlertsTriaged
            title: Triage high-severity alerts within 24 hours
            description: A high-severity alert still newAlert after a day is an incident nobody is handling.
            controlCategory: Infrastructure
            actionType: Behavior
            service: Alerts
            maxScore: 30
            rank: 3
            tier: Core
            userImpact: Low
            implementationCost: Moderate
            threats: [Account breach, Ransomware, Data exfiltration]
            remediation: Assign each high-severity alert and move it to inProgress or resolved (PATCH /v1.0/security/alerts/{id}).
            remediationImpact: None for users.
            actionUrl: "{baseUrl}/v1.0/security/alerts?$filter=severity eq 'high' and status eq 'newAlert'"
            check:
              kind: alertsTriaged
              severity: high
              maxAgeHours: 24
          - id: VigilWebhooksDelivering
            title: Keep webhook subscriptions delivering
            description: Dead-lettered or long-pending notifications mean a SOAR or ticketing system is not told about alerts.
            controlCategory: Apps
            actionType: Config
            service: Notifications
            maxScore: 10
            rank: 4
            tier: Advanced
            userImpact: Low
            implementationCost: Low
            threats: [Delayed response]
            remediation: Check GET /v1.0/subscriptions/{id}/deliveries, fix the receiver, then replay its dead letters.
            remediationImpact: None for users.
            actionUrl: "{baseUrl}/v1.0/subscriptions"
            check:
              kind: webhooksDelivering
              windowHours: 24
              maxPendingMinutes: 60
          - id: VigilExportersCurrent
            title: Keep SIEM exporters current and error-free
            description: An exporter behind the change feed or failing leaves the SIEM without Vigil's alerts.
            controlCategory: Apps
            actionType: Config
            service: Exporters
            maxScore: 10
            rank: 5
            tier: Advanced
            userImpact: Low
            implementationCost: Low
            threats: [Blind spot, Delayed response]
            remediation: Look at the exporter's last error (vigil exporters list), fix the destination, and let it catch up.
            remediationImpact: None for users.
            actionUrl: "{baseUrl}/exporters"
            check:
              kind: exportersHealthy
              maxLag: 1000
        """
}
